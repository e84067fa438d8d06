using System.Text.Json.Nodes;

namespace Responses.Tests.Integration.Security;

/// <summary>
/// ORT GenAI reads the prompt as a C string, so a NUL would end it there. The server keeps every character after a
/// NUL (the NUL itself becomes U+FFFD), and other control characters reach the model as they are.
/// </summary>
[Collection(DefaultServerCollection.Name)]
public sealed class ControlCharacterTests(DefaultServer server)
{
    private const string Tail = " and then the rest of a long prompt that must not be lost, with several more words in it";

    [Fact]
    public async Task A_NUL_in_the_input_keeps_the_rest_of_the_prompt()
    {
        var cut = await InputTokensAsync("binary output: ab");
        var withNul = await InputTokensAsync("binary output: ab\0cd" + Tail);
        var withReplacement = await InputTokensAsync("binary output: ab\uFFFDcd" + Tail);

        Assert.True(withNul > cut + 10, $"{withNul} tokens with a NUL, {cut} without the tail: the prompt was cut at the NUL");
        Assert.Equal(withReplacement, withNul);
    }

    [Fact]
    public async Task A_NUL_in_instructions_in_a_tool_output_and_in_call_arguments_keeps_the_rest()
    {
        var body = (string nul) => $$"""
            {"model":"{{Api.Model}}","max_output_tokens":16,"temperature":0,"instructions":{{Quote($"be brief{nul}{Tail}")}},
             "input":[{"type":"function_call","call_id":"c1","name":"read","arguments":{{Quote($$"""{"path":"a{{nul}}b"}""")}}},
                      {"type":"function_call_output","call_id":"c1","output":{{Quote($"\x7fELF{nul}{nul}{Tail}")}}},
                      {"role":"user","content":"go on"}]}
            """;

        Assert.Equal(await UsageAsync(body("\uFFFD")), await UsageAsync(body("\0")));
    }

    [Theory]
    [InlineData("\u0001")]
    [InlineData("\u001b[31m")]
    [InlineData("\u007f")]
    [InlineData("\u2028")]
    public async Task Other_control_characters_reach_the_model_with_everything_after_them(string control)
    {
        var cut = await InputTokensAsync("text ab");
        var full = await InputTokensAsync("text ab" + control + "cd" + Tail);

        Assert.True(full > cut + 10, $"{full} vs {cut}");
    }

    private static string Quote(string text) => JsonValue.Create(text).ToJsonString();

    private async Task<int> InputTokensAsync(string input) =>
        await UsageAsync($$"""{"model":"{{Api.Model}}","input":{{Quote(input)}},"max_output_tokens":16,"temperature":0,"store":false}""");

    private async Task<int> UsageAsync(string body) => (int)(await server.Client.CreateAsync(body))["usage"]!["input_tokens"]!;
}
