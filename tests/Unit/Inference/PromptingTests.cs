using System.Text.Json;
using Responses.Inference;
using Responses.Inference.Prompting;

namespace Responses.Tests.Unit.Inference;

public sealed class PromptingTests
{
    [Fact]
    public void Messages_become_the_json_the_template_engine_expects()
    {
        var json = ChatMessagesJson.Write([new ChatMessage("system", "Be \"brief\"."), new ChatMessage("user", "Hi 😀\n世界")]);
        using var parsed = JsonDocument.Parse(json);
        var items = parsed.RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, items.Length);
        Assert.Equal("system", items[0].GetProperty("role").GetString());
        Assert.Equal("Be \"brief\".", items[0].GetProperty("content").GetString());
        Assert.Equal("Hi 😀\n世界", items[1].GetProperty("content").GetString());
    }

    [Theory]
    [InlineData("\"{{ x }}\"", "{{ x }}")]
    [InlineData("\"  \"", null)]
    [InlineData("[{\"name\":\"tool_use\",\"template\":\"T\"},{\"name\":\"default\",\"template\":\"D\"}]", "D")]
    [InlineData("[{\"name\":\"tool_use\",\"template\":\"T\"}]", null)]
    [InlineData("42", null)]
    public void The_chat_template_is_a_string_or_the_default_entry_of_a_list(string json, string? expected)
    {
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal(expected, ChatTemplateSelector.Select(parsed.RootElement));
    }
}
