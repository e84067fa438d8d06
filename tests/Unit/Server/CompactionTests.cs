using System.Net;
using System.Text;
using System.Text.Json;
using Responses.Generated;
using Responses.Inference;
using Responses.Server.Api;
using Responses.Server.Errors;
using Responses.Server.Runs;
using Responses.Server.Runs.Compaction;
using Responses.Server.Runs.Conversation;
using Responses.Server.Runs.Responses;

namespace Responses.Tests.Unit.Server;

/// <summary>Compaction items without a model: their content, what the model reads of them, and the events of a compacting run.</summary>
public sealed class CompactionTests
{
    private static readonly JsonSerializerOptions Json = ApiJson.CreateOptions();

    private static EasyInputMessage Message(EasyInputMessageRole role, string text) => new() { Role = role, Content = text };

    private static CompactionSummaryItemParam Compaction(string summary) => new() { EncryptedContent = CompactionContent.Encode(summary) };

    [Theory]
    [InlineData("Short.")]
    [InlineData("Quotes \" and \\ backslashes,\nnew lines, émoji 🦊 and </tags>.")]
    [InlineData("")]
    public void Content_is_base64_of_versioned_json_and_reads_back(string summary)
    {
        var content = CompactionContent.Encode(summary);

        using var document = JsonDocument.Parse(Convert.FromBase64String(content));
        Assert.Equal(1, document.RootElement.GetProperty("v").GetInt32());
        Assert.Equal(summary, document.RootElement.GetProperty("summary").GetString());
        Assert.Equal(summary, CompactionContent.Decode(content));
    }

    [Theory]
    [InlineData("gAAAAABpM0Yj-opaque=")]
    [InlineData("bm90IGpzb24=")]
    [InlineData("eyJ2IjoyLCJzdW1tYXJ5IjoieCJ9")]
    [InlineData("eyJzdW1tYXJ5IjoieCJ9")]
    [InlineData("WzFd")]
    [InlineData("")]
    public void Content_this_server_did_not_write_does_not_read(string content)
    {
        // OpenAI's encrypted content, base64 of text, version 2, no version, an array, nothing.
        Assert.Null(CompactionContent.Decode(content));
    }

    [Fact]
    public void A_compaction_item_is_a_user_turn_with_its_summary_at_its_place()
    {
        var built = ConversationBuilder.Build(
            new CreateResponse
            {
                Model = "m",
                Instructions = "Be brief.",
                Input = new List<InputItem> { Compaction("They chose blue."), Message(EasyInputMessageRole.User, "And now?") },
            },
            Json);

        Assert.Equal(
            [
                new ChatMessage("system", "Be brief."),
                new ChatMessage("user", "Summary of the earlier conversation:\n\nThey chose blue."),
                new ChatMessage("user", "And now?"),
            ],
            built.Prompt.Messages);
    }

    [Fact]
    public void An_unreadable_compaction_item_in_the_input_is_a_400_naming_its_content()
    {
        var request = new CreateResponse
        {
            Model = "m",
            Input = new List<InputItem> { Message(EasyInputMessageRole.User, "q"), new CompactionSummaryItemParam { EncryptedContent = "gAAAA-opaque" } },
        };

        var error = Assert.Throws<ApiException>(() => ConversationBuilder.Build(request, Json));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal("input[1].encrypted_content", error.Param);
        Assert.Equal("invalid_encrypted_content", error.Code);
    }

    [Fact]
    public void In_a_stored_chain_the_last_compaction_supersedes_all_but_system_messages_before_it()
    {
        IReadOnlyList<InputItem> chain =
        [
            Message(EasyInputMessageRole.Developer, "Sandbox rules."),
            Message(EasyInputMessageRole.User, "old question"),
            Message(EasyInputMessageRole.Assistant, "old answer"),
            Compaction("first summary"),
            Message(EasyInputMessageRole.User, "middle question"),
            Compaction("second summary"),
            Message(EasyInputMessageRole.User, "kept question"),
            new CompactionSummaryItemParam { EncryptedContent = "written-before-compaction-was-read" },
        ];

        var built = ConversationBuilder.Build(new CreateResponse { Model = "m", Input = "new question" }, chain, Json);

        Assert.Equal(
            [
                new ChatMessage("system", "Sandbox rules."),
                new ChatMessage("user", "Summary of the earlier conversation:\n\nsecond summary"),
                new ChatMessage("user", "kept question"),
                new ChatMessage("user", "new question"),
            ],
            built.Prompt.Messages);
        Assert.Contains("skipped previous_response_id (compaction): its encrypted_content is not one this server wrote", built.Notes);
    }

    [Fact]
    public void In_the_input_the_last_compaction_supersedes_the_chain_and_all_but_system_messages_before_it()
    {
        // A stateless client of context_management replays its whole history, the compaction item in its middle.
        IReadOnlyList<InputItem> chain = [Message(EasyInputMessageRole.User, "chained question")];
        var input = new List<InputItem>
        {
            Message(EasyInputMessageRole.Developer, "Sandbox rules."),
            Message(EasyInputMessageRole.User, "old question"),
            Message(EasyInputMessageRole.Assistant, "old answer"),
            Compaction("the summary"),
            Message(EasyInputMessageRole.Assistant, "answer after compaction"),
            Message(EasyInputMessageRole.User, "new question"),
        };

        var built = ConversationBuilder.Build(new CreateResponse { Model = "m", Input = input }, chain, Json);

        Assert.Equal(
            [
                new ChatMessage("system", "Sandbox rules."),
                new ChatMessage("user", "Summary of the earlier conversation:\n\nthe summary"),
                new ChatMessage("assistant", "answer after compaction"),
                new ChatMessage("user", "new question"),
            ],
            built.Prompt.Messages);
    }

    [Theory]
    [InlineData(null, 32768, 24576)]
    [InlineData(5000, 32768, 5000)]
    public void Context_management_compacts_past_its_threshold_or_three_quarters_of_the_context(int? threshold, int context, int expected)
    {
        var request = new CreateResponse { Model = "m", Input = "q", ContextManagement = [new ContextManagementParam { Type = "compaction", CompactThreshold = threshold }] };

        Assert.Equal(expected, ContextCompactor.Threshold(request, context));
        Assert.Null(ContextCompactor.Threshold(new CreateResponse { Model = "m", Input = "q" }, context));
    }

    [Fact]
    public void A_chain_held_as_output_items_reads_its_compaction_item_the_same_way()
    {
        IReadOnlyList<InputItem> chain =
        [
            Message(EasyInputMessageRole.User, "old question"),
            new CompactionBody { Id = "cmp_1", EncryptedContent = CompactionContent.Encode("the summary") },
        ];

        var built = ConversationBuilder.Build(new CreateResponse { Model = "m", Input = "next" }, chain, Json);

        Assert.Equal(
            [new ChatMessage("user", "Summary of the earlier conversation:\n\nthe summary"), new ChatMessage("user", "next")],
            built.Prompt.Messages);
    }

    [Fact]
    public void The_summary_prompt_is_the_conversation_then_the_request_for_a_summary_with_no_tools_and_no_thinking()
    {
        var input = new List<InputItem> { Message(EasyInputMessageRole.User, "q"), Message(EasyInputMessageRole.Assistant, "a"), new CompactionTriggerItemParam() };

        var built = SummaryPrompt.Build("Rules.", [], input, Json);

        Assert.Equal(
            [new ChatMessage("system", "Rules."), new ChatMessage("user", "q"), new ChatMessage("assistant", "a"), new ChatMessage("user", SummaryPrompt.Instruction)],
            built.Prompt.Messages);
        Assert.Empty(built.Prompt.Tools);
        Assert.False(built.Prompt.EnableThinking);
        Assert.Empty(built.Notes);
    }

    [Fact]
    public void A_trigger_anywhere_but_last_is_a_400_naming_it()
    {
        Assert.False(CompactionTrigger.Ends(new InputParam("text")));
        Assert.True(CompactionTrigger.Ends(new List<InputItem> { Message(EasyInputMessageRole.User, "q"), new CompactionTriggerItemParam() }));

        var error = Assert.Throws<ApiException>(() => CompactionTrigger.Ends(new List<InputItem> { new CompactionTriggerItemParam(), Message(EasyInputMessageRole.User, "q") }));
        Assert.Equal("input[0]", error.Param);
    }

    [Fact]
    public void A_compacting_run_streams_nothing_until_its_summary_is_whole_then_one_compaction_item_and_completed()
    {
        var run = Runs.For(new CreateResponse { Model = "m", Input = new List<InputItem> { Message(EasyInputMessageRole.User, "q"), new CompactionTriggerItemParam() } }) with { Compacts = true };
        var builder = new ResponseEventBuilder(run, new SequentialIds(), new FixedClock());

        var events = EventSequences.Run(
            builder,
            new ReasoningDelta("hmm"),
            new TextDelta(" The user asked q."),
            new TextDelta(" Nothing is left. "),
            new GenerationFinished(FinishReason.Length, new TokenUsage(40, 9)));

        Assert.Equal(
            ["response.created", "response.in_progress", "response.output_item.added", "response.output_item.done", "response.completed"],
            EventSequences.Types(events));
        Assert.Equal(Enumerable.Range(0, 5), events.Select(e => e.SequenceNumber));
        var added = Assert.IsType<CompactionBody>(Assert.IsType<ResponseOutputItemAddedEvent>(events[2]).Item);
        var done = Assert.IsType<CompactionBody>(Assert.IsType<ResponseOutputItemDoneEvent>(events[3]).Item);
        Assert.Equal(added.EncryptedContent, done.EncryptedContent);
        Assert.Equal("The user asked q. Nothing is left.", CompactionContent.Decode(done.EncryptedContent));
        var response = Assert.IsType<ResponseCompletedEvent>(events[4]).Response;
        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.Same(done, Assert.Single(response.Output));
        Assert.Equal(40, response.Usage!.InputTokens);
        Assert.Equal(9, response.Usage.OutputTokens);
    }
}
