using System.Text.Json.Serialization;

namespace Responses.Generated;

/// <summary>
/// One class stands for every item type of a tool this server does not run (NSwag collapses the spec's
/// WebSearchToolCall, LocalShellToolCall, MCPToolCall... into it), so the item keeps its wire
/// "type" here, set by <see cref="InputItemJsonConverter"/> and written back when serialized.
/// </summary>
public partial class ReplayedItemParam
{
    /// <summary>The item's "type" as sent ("web_search_call", "local_shell_call", "mcp_call"...).</summary>
    [JsonIgnore]
    public string ItemType { get; set; } = "";
}
