using System.Net;
using System.Text.Json.Nodes;
using Responses.Tests.Support;

namespace Responses.Tests.Integration;

/// <summary>
/// The server loads and generates with real ORT GenAI model folders of other architectures and tokenizers
/// (../shared/models, read-only; skipped where absent). The model id defaults to the folder name.
/// </summary>
public sealed class SharedModelTests
{
    public static TheoryData<string> Folders() =>
    [
        "tiny-random-LlamaForCausalLM-fp16",
        "tiny-random-gpt2-fp32-tok1000",
        "tiny-random-lfm2-fp32-tok1000",
        "tiny-qwen35-fp16-cpu-tok1000",
    ];

    [SharedModelsTheory]
    [MemberData(nameof(Folders))]
    public async Task Serves_the_folder_streaming_and_not(string folder)
    {
        using var factory = new ResponsesServerFactory(Path.Combine(RepositoryPaths.SharedModels, folder));
        using var client = factory.CreateClient();

        var models = JsonNode.Parse(await client.GetStringAsync("/v1/models"))!;
        Assert.Equal(folder, (string?)models["data"]![0]!["id"]);

        // Small enough for qwen's 128-token context.
        var request = $$"""{"model":"{{folder}}","input":"hi","instructions":"Be brief.","max_output_tokens":16,"temperature":0}""";
        var plain = await client.CreateAsync(request);
        Assert.Equal(folder, (string?)plain["model"]);
        Assert.Equal("incomplete", (string?)plain["status"]);
        Assert.Equal(16, (int)plain["usage"]!["output_tokens"]!);
        Assert.True((int)plain["usage"]!["input_tokens"]! > 0);

        using var response = await client.PostResponseAsync(request[..^1] + ""","stream":true}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var frames = SseFrame.ParseAll(await response.Content.ReadAsStringAsync());
        var deltas = string.Concat(frames.Where(f => f.Event == "response.output_text.delta").Select(f => (string)f.Json["delta"]!));
        var final = frames[^1].Json["response"]!;
        Assert.Equal(Api.OutputText(final), deltas);
        // Greedy: streamed and plain replies are the same text.
        Assert.Equal(Api.OutputText(plain), deltas);
    }

    [SharedModelsTheory]
    [InlineData("tiny-qwen35-fp16-cpu-tok1000", 128)]
    [InlineData("tiny-random-gpt2-fp32-tok1000", 512)]
    public async Task A_prompt_beyond_a_small_context_is_400_context_length_exceeded(string folder, int context)
    {
        using var factory = new ResponsesServerFactory(Path.Combine(RepositoryPaths.SharedModels, folder));
        using var client = factory.CreateClient();

        var words = string.Join(' ', Enumerable.Range(0, context).Select(i => $"w{i}"));
        using var response = await client.PostResponseAsync($$"""{"model":"{{folder}}","input":"{{words}}","max_output_tokens":16}""");

        var error = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "context_length_exceeded", "input");
        Assert.Contains($"{context} tokens", (string)error["message"]!);
    }

    [SharedModelsTheory]
    [InlineData("tiny-qwen35-fp16-cpu-tok1000")]
    public async Task Output_is_capped_by_a_small_context(string folder)
    {
        using var factory = new ResponsesServerFactory(Path.Combine(RepositoryPaths.SharedModels, folder));
        using var client = factory.CreateClient();

        // No max_output_tokens: generation runs to the 128-token context and says it was cut off.
        var response = await client.CreateAsync($$"""{"model":"{{folder}}","input":"hi","temperature":0}""");

        var usage = response["usage"]!;
        Assert.Equal(128, (int)usage["total_tokens"]!);
        Assert.Equal("incomplete", (string?)response["status"]);
    }

    [SharedModelsTheory]
    [InlineData("tiny-random-LlamaForCausalLM-fp16")]
    public async Task A_conversation_the_chat_template_refuses_is_400_not_500(string folder)
    {
        using var factory = new ResponsesServerFactory(Path.Combine(RepositoryPaths.SharedModels, folder));
        using var client = factory.CreateClient();

        // The Llama-2 template raises "Conversation roles must alternate user/assistant/...".
        using var response = await client.PostResponseAsync($$"""
            {"model":"{{folder}}","max_output_tokens":16,
             "input":[{"role":"assistant","content":"a"},{"role":"assistant","content":"b"}]}
            """);

        var error = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_prompt", "input");
        Assert.Contains("alternate", (string)error["message"]!);
    }

    [SharedModelsTheory]
    [InlineData("tiny-random-LlamaForCausalLM-fp16")]
    [InlineData("tiny-random-gpt2-fp32-tok1000")]
    [InlineData("tiny-random-lfm2-fp32-tok1000")]
    public async Task A_model_whose_template_ignores_tools_still_makes_a_forced_call_and_reads_its_result(string folder)
    {
        using var factory = new ResponsesServerFactory(Path.Combine(RepositoryPaths.SharedModels, folder));
        using var client = factory.CreateClient();
        const string tools = """[{"type":"function","name":"pick","strict":true,"parameters":{"type":"object","properties":{"color":{"enum":["red","blue"]}},"required":["color"],"additionalProperties":false}}]""";

        var called = await client.CreateAsync(
            $$"""{"model":"{{folder}}","input":"Pick one.","tools":{{tools}},"tool_choice":"required","parallel_tool_calls":false,"temperature":0,"max_output_tokens":32}""");
        var call = Assert.Single(called["output"]!.AsArray())!;
        Assert.Equal("function_call", (string?)call["type"]);
        var color = (string?)JsonNode.Parse((string)call["arguments"]!)!["color"];
        Assert.Contains(color, new[] { "red", "blue" });

        // The follow-up (call and result as text turns, since the template has no tool roles) renders and runs.
        var answered = await client.CreateAsync($$"""
            {"model":"{{folder}}","tools":{{tools}},"temperature":0,"max_output_tokens":16,"input":[
              {"role":"user","content":"Pick one."},
              {"type":"function_call","call_id":"{{(string)call["call_id"]!}}","name":"pick","arguments":{{JsonValue.Create((string)call["arguments"]!).ToJsonString()}}},
              {"type":"function_call_output","call_id":"{{(string)call["call_id"]!}}","output":"ok"}]}
            """);
        Assert.True((int)answered["usage"]!["input_tokens"]! > (int)called["usage"]!["input_tokens"]!);
    }

    [SharedModelsTheory]
    [InlineData("tiny-qwen35-fp16-cpu-tok1000")]
    public async Task Truncation_auto_drops_the_oldest_turns_that_do_not_fit_a_small_context(string folder)
    {
        using var factory = new ResponsesServerFactory(Path.Combine(RepositoryPaths.SharedModels, folder));
        using var client = factory.CreateClient();
        var turns = string.Join(",", Enumerable.Range(0, 6).Select(i =>
            $$"""{"role":"user","content":"question {{i}} about the weather in the hills"},{"role":"assistant","content":"answer {{i}} about the sun"}"""));
        string Body(string truncation) =>
            $$"""{"model":"{{folder}}","max_output_tokens":16,"temperature":0,"truncation":"{{truncation}}","input":[{{turns}},{"role":"user","content":"and now?"}]}""";

        using var refused = await client.PostResponseAsync(Body("disabled"));
        await Api.AssertErrorAsync(refused, HttpStatusCode.BadRequest, "context_length_exceeded", "input");

        var response = await client.CreateAsync(Body("auto"));
        Assert.True((int)response["usage"]!["input_tokens"]! <= 128 - 16);
        Assert.Equal("auto", (string?)response["truncation"]);
    }
}
