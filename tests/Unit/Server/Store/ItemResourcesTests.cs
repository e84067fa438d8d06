using System.Text.Json;
using System.Text.Json.Nodes;
using Responses.Generated;
using Responses.Server.Storage;
using Responses.Tests.Support;

namespace Responses.Tests.Unit.Server.Store;

/// <summary>
/// Stored items (as the store reads them back) become the JSON OpenAI lists them in: byte for byte, and valid against
/// OpenAI's own ItemResource schema.
/// </summary>
public sealed class ItemResourcesTests
{
    /// <summary>One stored item per input item type the store keeps, with the id the store gave it.</summary>
    private static readonly Dictionary<string, string> Stored = new()
    {
        ["message"] = """{"type":"message","id":"msg_1","role":"user","content":"hi"}""",
        ["function_call"] = """{"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"}""",
        ["function_call_output"] = """{"type":"function_call_output","id":"fco_1","call_id":"call_1","output":"sunny"}""",
        ["custom_tool_call"] = """{"type":"custom_tool_call","id":"ctc_1","call_id":"call_2","name":"apply_patch","input":"*** Begin Patch"}""",
        ["custom_tool_call_output"] = """{"type":"custom_tool_call_output","id":"ctco_1","call_id":"call_2","output":"done"}""",
        ["reasoning"] = """{"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"thought"}],"content":[{"type":"reasoning_text","text":"long thought"}],"status":"completed"}""",
        ["compaction"] = """{"type":"compaction","id":"cmp_1","encrypted_content":"eyJ2IjoxfQ=="}""",
        ["item_reference"] = """{"type":"item_reference","id":"msg_1"}""",
    };

    private static InputItem Read(string json) => JsonSerializer.Deserialize<InputItem>(json, TestJson.Options)!;

    private static string Listed(string storedJson) => JsonSerializer.Serialize(ItemResources.Of(Read(storedJson)), TestJson.Options);

    [Theory]
    [InlineData(
        """{"type":"message","id":"msg_1","role":"user","content":"hi"}""",
        """{"type":"message","id":"msg_1","role":"user","content":[{"type":"input_text","text":"hi"}],"status":"completed"}""")]
    [InlineData(
        """{"role":"developer","content":"Be brief.","id":"msg_2"}""",
        """{"type":"message","id":"msg_2","role":"developer","content":[{"type":"input_text","text":"Be brief."}],"status":"completed"}""")]
    [InlineData(
        """{"type":"message","id":"msg_3","role":"system","content":[{"type":"input_text","text":"a"},{"type":"input_text","text":"b"}],"status":"incomplete"}""",
        """{"type":"message","id":"msg_3","role":"system","content":[{"type":"input_text","text":"a"},{"type":"input_text","text":"b"}],"status":"incomplete"}""")]
    [InlineData(
        """{"type":"message","id":"msg_4","role":"user","content":[{"type":"output_text","text":"quoted"}]}""",
        """{"type":"message","id":"msg_4","role":"user","content":[{"type":"input_text","text":"quoted"}],"status":"completed"}""")]
    public void A_user_system_or_developer_message_lists_its_content_as_input_parts(string stored, string listed)
    {
        Assert.Equal(listed, Listed(stored));
    }

    [Theory]
    [InlineData(
        """{"role":"assistant","content":"two","id":"msg_5"}""",
        """{"type":"message","id":"msg_5","role":"assistant","content":[{"type":"output_text","text":"two","annotations":[],"logprobs":[]}],"status":"completed"}""")]
    [InlineData(
        """{"type":"message","id":"msg_6","role":"assistant","phase":"final_answer","status":"completed","content":[{"type":"output_text","text":"a"},{"type":"refusal","refusal":"no"},{"type":"input_text","text":"b"}]}""",
        """{"type":"message","id":"msg_6","role":"assistant","content":[{"type":"output_text","text":"a","annotations":[],"logprobs":[]},{"type":"refusal","refusal":"no"},{"type":"output_text","text":"b","annotations":[],"logprobs":[]}],"status":"completed","phase":"final_answer"}""")]
    public void An_assistant_message_lists_as_an_output_message_with_output_text_parts(string stored, string listed)
    {
        Assert.Equal(listed, Listed(stored));
    }

    [Theory]
    [InlineData(
        """{"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather","arguments":"{}"}""",
        """{"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather","arguments":"{}","status":"completed"}""")]
    [InlineData(
        """{"type":"function_call","id":"fc_2","call_id":"call_2","namespace":"mcp","name":"f","arguments":"{}","status":"incomplete"}""",
        """{"type":"function_call","id":"fc_2","call_id":"call_2","namespace":"mcp","name":"f","arguments":"{}","status":"incomplete"}""")]
    public void A_function_call_lists_with_its_status_completed_when_the_client_sent_none(string stored, string listed)
    {
        Assert.Equal(listed, Listed(stored));
    }

    [Theory]
    [InlineData(
        """{"type":"function_call_output","id":"fco_1","call_id":"call_1","output":"sunny"}""",
        """{"type":"function_call_output","id":"fco_1","call_id":"call_1","output":"sunny","status":"completed"}""")]
    [InlineData(
        """{"type":"function_call_output","call_id":"call_1","id":"my_output","status":"in_progress","output":[{"type":"input_text","text":"a"},{"type":"output_text","text":"b"}]}""",
        """{"type":"function_call_output","id":"my_output","call_id":"call_1","output":[{"type":"input_text","text":"a"},{"type":"input_text","text":"b"}],"status":"in_progress"}""")]
    public void A_function_call_output_lists_with_a_status(string stored, string listed)
    {
        Assert.Equal(listed, Listed(stored));
    }

    [Fact]
    public void Custom_tool_calls_and_outputs_list_with_a_status()
    {
        Assert.Equal(
            """{"type":"custom_tool_call","id":"ctc_1","call_id":"call_2","name":"apply_patch","input":"*** Begin Patch","status":"completed"}""",
            Listed(Stored["custom_tool_call"]));
        Assert.Equal(
            """{"type":"custom_tool_call_output","id":"ctco_1","call_id":"call_2","output":"done","status":"completed"}""",
            Listed(Stored["custom_tool_call_output"]));
    }

    [Theory]
    [InlineData("reasoning")]
    [InlineData("compaction")]
    [InlineData("item_reference")]
    public void Reasoning_compaction_and_references_list_as_stored(string type)
    {
        Assert.Equal(JsonNode.Parse(Stored[type])!.ToJsonString(), Listed(Stored[type]));
    }

    [Fact]
    public void An_item_of_a_tool_the_server_does_not_run_lists_as_the_client_sent_it()
    {
        const string search = """{"type":"web_search_call","id":"ws_1","status":"completed","action":{"type":"search","query":"weather"}}""";

        Assert.Equal(search, Listed(search));
    }

    [Fact]
    public void An_image_part_gets_OpenAIs_default_detail_and_the_stored_item_is_left_as_it_was()
    {
        var output = Assert.IsType<FunctionCallOutputItemParam>(Read("""{"type":"function_call_output","id":"fco_1","call_id":"c","output":[{"type":"input_image","image_url":"data:image/png;base64,AA=="}]}"""));

        var listed = JsonSerializer.Serialize(ItemResources.Of(output), TestJson.Options);

        Assert.Contains("""{"type":"input_image","image_url":"data:image/png;base64,AA==","detail":"auto"}""", listed, StringComparison.Ordinal);
        Assert.Null(Assert.IsType<InputImageContent>(Assert.Single(output.Output.Items!)).Detail);
    }

    [Fact]
    public void A_list_keeps_its_order_and_ids()
    {
        var items = Stored.Values.Select(Read).ToList();

        var listed = ItemResources.Of(items);

        Assert.Equal(items.Select(InputItemIds.Of), listed.Select(item => item.Id));
    }

    [Fact]
    public void Every_item_type_the_store_keeps_is_listed()
    {
        var kept = InputItemJsonConverter.Members.Keys.Except(["compaction_trigger"]).Except(InputItemJsonConverter.ReplayedTypes);

        Assert.Equal(kept.Order(), Stored.Keys.Order());
        foreach (var type in InputItemJsonConverter.ReplayedTypes)
        {
            Assert.Equal($$"""{"type":"{{type}}","id":"item_1"}""", Listed($$"""{"type":"{{type}}","id":"item_1"}"""));
        }
    }

    [Fact]
    public void A_compaction_trigger_or_an_item_without_an_id_is_a_bug_not_a_listing()
    {
        Assert.Throws<ArgumentException>(() => ItemResources.Of(Read("""{"type":"compaction_trigger"}""")));
        Assert.Throws<InvalidOperationException>(() => ItemResources.Of(Read("""{"role":"user","content":"no id"}""")));
    }

    public static TheoryData<string> OpenAIItems() =>
    [
        .. Stored.Where(pair => pair.Key != "item_reference").Select(pair => pair.Value),
        """{"role":"assistant","content":"two","id":"msg_5","phase":"commentary"}""",
        """{"role":"developer","content":[{"type":"input_text","text":"Be brief."}],"id":"msg_2"}""",
        """{"type":"function_call_output","call_id":"call_1","id":"fco_2","output":[{"type":"input_text","text":"a"},{"type":"input_image","image_url":"https://example.com/a.png"}]}""",
        """{"type":"web_search_call","id":"ws_1","status":"completed","action":{"type":"search","query":"weather"}}""",
    ];

    [OpenAISchemaTheory]
    [MemberData(nameof(OpenAIItems))]
    public void Every_listed_item_validates_as_OpenAIs_ItemResource(string stored)
    {
        OpenAISchemas.AssertValid("ItemResource", JsonNode.Parse(Listed(stored)));
    }

    [OpenAISchemaFact]
    public void A_page_validates_as_OpenAIs_ResponseItemList_even_when_empty()
    {
        var items = ItemResources.Of(Stored.Where(pair => pair.Key != "item_reference").Select(pair => Read(pair.Value)));

        OpenAISchemas.AssertValid("ResponseItemList", JsonSerializer.SerializeToNode(InputItemPage.Of(items, null, null, null), TestJson.Options));
        OpenAISchemas.AssertValid("ResponseItemList", JsonSerializer.SerializeToNode(InputItemPage.Of(items, null, ListOrder.Asc, items[^1].Id), TestJson.Options));
    }
}
