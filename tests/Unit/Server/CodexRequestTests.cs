using System.Text.Json;
using Responses.Generated;
using Responses.Server.Api;
using Responses.Server.Runs.Conversation;
using Responses.Server.Runs.Responses;
using Responses.Tests.Support;

namespace Responses.Tests.Unit.Server;

/// <summary>Real Codex CLI request bodies (tests/TestData/README.md) read and turned into a prompt without an error.</summary>
public sealed class CodexRequestTests
{
    private static readonly JsonSerializerOptions Json = ApiJson.CreateReadOptions();

    private static CreateResponse Read(string file) => JsonSerializer.Deserialize<CreateResponse>(
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "TestData", "codex", file)), Json)!;

    private static BuiltConversation Build(CreateResponse request)
    {
        CreateResponseValidator.Validate(request);
        return ConversationBuilder.Build(request, Json);
    }

    [Fact]
    public void First_turn_offers_functions_and_namespace_members_under_one_system_message()
    {
        var request = Read("turn1-request.json");

        var built = Build(request);

        var messages = built.Prompt.Messages;
        Assert.Equal(["system", "user", "user"], messages.Select(m => m.Role));
        Assert.StartsWith("You are a coding agent running in the Codex CLI", messages[0].Content);
        Assert.Equal("Say hello in one short sentence.", messages[2].Content);
        Assert.Contains("exec_command", built.Prompt.Tools.Select(t => t.Name));
        Assert.Contains(built.Prompt.Tools, t => t.Name.StartsWith("multi_agent_v1__", StringComparison.Ordinal));
        Assert.All(built.Prompt.Tools, t => Assert.NotNull(t.ParametersJson));
        Assert.Equal(built.Prompt.Tools.Count, built.Tools.Tools.Count);
        Assert.Null(built.Prompt.MaxToolCalls);
        Assert.Empty(built.Notes);
        Assert.Contains("client_metadata", request.AdditionalProperties.Keys);
    }

    [Fact]
    public void Follow_up_turn_replays_reasoning_a_call_and_its_output()
    {
        var built = Build(Read("followup-request.json"));

        var messages = built.Prompt.Messages;
        Assert.Equal(["system", "user", "assistant", "tool"], messages.Select(m => m.Role));
        var call = Assert.Single(messages[2].ToolCalls);
        Assert.Equal(("call_26e858d8d2094b2320f02737", "exec_command", """{"cmd":"echo hi"}"""), (call.Id, call.Name, call.Arguments));
        Assert.Equal("Thinking about the request.", messages[2].Reasoning);
        Assert.Equal("call_26e858d8d2094b2320f02737", messages[3].ToolCallId);
        Assert.Equal("exec_command", messages[3].Name);
        Assert.EndsWith("Output:\nhi\n", messages[3].Content);
        Assert.Empty(built.Notes);
    }
}
