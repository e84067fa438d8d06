using System.Text.Json;
using Responses.Inference;
using Responses.Inference.Native;
using Responses.Inference.Parsing;
using Responses.Server.Runs;
using static Responses.Tests.Unit.Inference.Parsing.ParserHarness;

namespace Responses.Tests.Unit.Inference.Parsing;

/// <summary>
/// The schemas against the real constrained decoder: ORT GenAI's guidance (llguidance) must accept them, and what the
/// embedded model writes under them must parse. The model's weights are random, so only the grammar makes this work.
/// </summary>
public class ForcedCallGuidanceTests
{
    [Theory]
    [InlineData(1, null)]
    [InlineData(2, null)]
    [InlineData(1, "plan")] // its "$ref" must resolve where the schema put it
    public void A_forced_call_generated_under_the_schema_parses_into_calls(int maxCalls, string? only)
    {
        var tool = new ChatTool("plan", null, """{"type":"object","properties":{"step":{"$ref":"#/$defs/step"}},"required":["step"],"$defs":{"step":{"type":"string","maxLength":8}}}""", Strict: true);
        var output = Generate(ForcedToolCallSchema.Build([Weather, tool], only is null ? null : [only], maxCalls));

        var parser = new ForcedToolCallParser(new ToolCallEmitter(maxCalls));
        var events = Run(parser, output.Pieces);
        Assert.Equal(0, parser.MalformedCalls);
        var completed = events.OfType<ToolCallCompleted>().ToList();
        Assert.InRange(completed.Count, 1, maxCalls);
        Assert.All(completed, call => Assert.Contains(call.Name, new[] { "get_weather", "plan" }));
        Assert.Equal(completed.Count * 3, events.Count); // nothing but whole calls
        foreach (var plan in completed.Where(call => call.Name == "plan"))
        {
            using var arguments = JsonDocument.Parse(plan.Arguments);
            Assert.InRange(arguments.RootElement.GetProperty("step").GetString()!.Length, 0, 8); // the re-rooted $ref was followed
        }
    }

    [Fact]
    public void A_json_schema_format_generates_matching_compact_json()
    {
        var output = Generate(JsonFormatSchema.For("""
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"ok":{"type":"boolean"},"n":{"type":"integer","format":"int32","minimum":0,"maximum":9}},"required":["ok","n"],"additionalProperties":false}
            """));
        using var document = JsonDocument.Parse(output.Text);
        Assert.Equal(["ok", "n"], document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain(" ", output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_object_format_is_accepted_and_opens_an_object()
    {
        // Random weights may write one endless string: only the grammar's acceptance and the opening are certain.
        var output = Generate(JsonFormatSchema.ForObject(), maxLength: 96);
        Assert.StartsWith("{", output.Text, StringComparison.Ordinal);
    }

    private static (string Text, List<string> Pieces) Generate(string schema, int maxLength = 512)
    {
        using var model = TestModels.Native(EmbeddedModel.FolderPath);
        var tokenizer = model.Tokenizer;
        using var stream = tokenizer.CreateStream();
        using var generator = model.CreateGenerator(new GeneratorSettings(1, maxLength, DoSample: false, 1, 1, TopK: 1, RandomSeed: 0) { Guidance = new GuidanceSpec("json_schema", schema) });
        generator.Append(tokenizer.Encode("<|im_start|>user\nWeather in Paris?<|im_end|>\n<|im_start|>assistant\n"));

        var pieces = new List<string>();
        while (!generator.IsDone())
        {
            generator.Step();
            var token = generator.NextTokens()[0];
            if (tokenizer.EosTokenIds.Contains(token))
                break;
            var piece = stream.Decode(token);
            if (piece.Length > 0)
                pieces.Add(piece);
        }
        return (string.Concat(pieces), pieces);
    }
}
