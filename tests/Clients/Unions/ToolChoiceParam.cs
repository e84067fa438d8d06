using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Responses.Tests.Clients.Generated;

/// <summary>
/// tool_choice: a mode ("none" | "auto" | "required") or an object ({type: function, name}, {type: allowed_tools, ...}).
/// The spec's x-handwritten ToolChoiceParam, excluded from generation in nswag.json: NSwag's class for this anyOf
/// cannot read the string every Response carries ("auto"). Exactly one of <see cref="Mode"/> and <see cref="Object"/>
/// is set; the object stays JSON, since its members (ToolChoiceFunction, ToolChoiceAllowed, ...) share no base type.
/// </summary>
[JsonConverter(typeof(ToolChoiceParamConverter))]
public sealed class ToolChoiceParam
{
    public ToolChoiceOptions? Mode { get; init; }

    public JsonObject? Object { get; init; }

    public static implicit operator ToolChoiceParam(ToolChoiceOptions mode) => new() { Mode = mode };

    /// <summary>Forces a call of the named function tool.</summary>
    public static ToolChoiceParam Function(string name) =>
        new() { Object = JsonSerializer.SerializeToNode(new ToolChoiceFunction { Name = name })!.AsObject() };
}
