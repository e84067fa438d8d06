using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Responses.Tests.Integration;

/// <summary>
/// input_file parts: a text file or a PDF reaches the model as text (its input tokens grow with the file's text),
/// anything it cannot read is a 400 naming the part, never dropped.
/// </summary>
[Collection(DefaultServerCollection.Name)]
public sealed class FileInputTests(DefaultServer server)
{
    [Fact]
    public async Task A_text_file_is_read_and_its_input_tokens_grow_with_its_text()
    {
        var baseline = await InputTokensAsync(Message(TextFile("notes.txt", "Lighthouse.")));
        var longer = await InputTokensAsync(Message(TextFile("notes.txt", string.Join('\n', Enumerable.Repeat("The lighthouse keeper counts ships every evening.", 20)))));

        Assert.True(longer > baseline + 100, $"20 lines of text should add well over 100 tokens: {baseline} -> {longer}");
        var response = await server.Client.CreateAsync(Body(Message(TextFile("notes.txt", "Lighthouse."))));
        Assert.NotEmpty(Api.OutputText(response));
        Assert.Equal(baseline, (int)response["usage"]!["input_tokens"]!);
    }

    [Fact]
    public async Task A_pdf_is_read_page_by_page()
    {
        var one = await InputTokensAsync(Message(PdfFile("report.pdf", "Revenue grew.")));
        var three = await InputTokensAsync(Message(PdfFile("report.pdf", "Revenue grew in the first quarter of the year.", "Costs fell in every region we serve.", "Staff numbers stayed the same.")));

        Assert.True(three > one + 20, $"three pages of text should add tokens: {one} -> {three}");
        var response = await server.Client.CreateAsync(Body(Message(PdfFile("report.pdf", "Revenue grew."))));
        Assert.NotEmpty(Api.OutputText(response));
        Assert.Equal(one, (int)response["usage"]!["input_tokens"]!);
    }

    [Fact]
    public async Task A_file_inside_a_function_call_output_is_read()
    {
        var input = $$"""[{"role":"user","content":"Read it."},{"type":"function_call","call_id":"call_1","name":"read_file","arguments":"{}"},{"type":"function_call_output","call_id":"call_1","output":[{{TextFile("a.md", "# Title\nSome words here.")}}]}]""";
        var withFile = await InputTokensAsync(input);
        var without = await InputTokensAsync(input.Replace(TextFile("a.md", "# Title\nSome words here."), """{"type":"input_text","text":"x"}""", StringComparison.Ordinal));

        Assert.True(withFile > without, $"the file's text reaches the prompt: {without} -> {withFile}");
    }

    [Fact]
    public async Task A_chat_completion_reads_a_file_part_as_text()
    {
        async Task<int> PromptTokensAsync(string text)
        {
            var data = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
            using var response = await server.Client.PostAsync("/v1/chat/completions", Api.Json(
                $$$"""{"model":"{{{Api.Model}}}","max_tokens":16,"messages":[{"role":"user","content":[{"type":"text","text":"Summarize."},{"type":"file","file":{"filename":"notes.txt","file_data":"data:text/plain;base64,{{{data}}}"}}]}]}"""));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            return (int)JsonNode.Parse(body)!["usage"]!["prompt_tokens"]!;
        }

        var one = await PromptTokensAsync("Lighthouse.");
        var many = await PromptTokensAsync(string.Join('\n', Enumerable.Repeat("The lighthouse keeper counts ships every evening.", 20)));
        Assert.True(many > one + 100, $"the file's text reaches the prompt: {one} -> {many}");
    }

    [Theory]
    [InlineData("""{"type":"input_file","filename":"photo.png","file_data":"data:image/png;base64,iVBORw0KGgo="}""", "input[0].content[1]", "invalid_value")]
    [InlineData("""{"type":"input_file","filename":"tool.exe","file_data":"TVqQAAMAAAAEAAAA"}""", "input[0].content[1]", "invalid_value")]
    [InlineData("""{"type":"input_file","file_url":"https://example.com/report.pdf"}""", "input[0].content[1].file_url", "unsupported_value")]
    [InlineData("""{"type":"input_file","file_id":"file-abc123"}""", "input[0].content[1].file_id", "unsupported_value")]
    [InlineData("""{"type":"input_file","filename":"a.txt","file_data":"not base64!"}""", "input[0].content[1].file_data", "invalid_value")]
    [InlineData("""{"type":"input_file","filename":"a.txt"}""", "input[0].content[1].file_data", "missing_required_parameter")]
    [InlineData("""{"type":"input_file","filename":"a.pdf","file_data":"data:application/pdf;base64,aGVsbG8="}""", "input[0].content[1].file_data", "invalid_value")]
    public async Task What_cannot_be_read_is_a_400_naming_the_part(string part, string param, string code)
    {
        using var response = await server.Client.PostResponseAsync(Body(Message(part)));

        await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, code, param);
    }

    [Fact]
    public async Task An_unsupported_type_names_the_type()
    {
        using var response = await server.Client.PostResponseAsync(Body(Message("""{"type":"input_file","filename":"photo.png","file_data":"data:image/png;base64,iVBORw0KGgo="}""")));

        var error = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_value", "input[0].content[1]");
        Assert.Contains("image/png", (string)error["message"]!, StringComparison.Ordinal);
        Assert.Contains("photo.png", (string)error["message"]!, StringComparison.Ordinal);
    }

    internal static string TextFile(string name, string text) =>
        $$"""{"type":"input_file","filename":"{{name}}","file_data":"data:text/plain;base64,{{Convert.ToBase64String(Encoding.UTF8.GetBytes(text))}}"}""";

    internal static string PdfFile(string name, params string[] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var text in pages)
        {
            builder.AddPage(PageSize.A4).AddText(text, 12, new PdfPoint(40, 700), font);
        }

        return $$"""{"type":"input_file","filename":"{{name}}","file_data":"data:application/pdf;base64,{{Convert.ToBase64String(builder.Build())}}"}""";
    }

    private static string Message(string part) => $$"""[{"role":"user","content":[{"type":"input_text","text":"Summarize the file."},{{part}}]}]""";

    private static string Body(string input) => $$"""{"model":"{{Api.Model}}","input":{{input}},"max_output_tokens":16,"store":false}""";

    private async Task<int> InputTokensAsync(string input)
    {
        using var response = await server.Client.PostAsync("/v1/responses/input_tokens", Api.Json($$"""{"model":"{{Api.Model}}","input":{{input}}}"""));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return (int)JsonNode.Parse(text)!["input_tokens"]!;
    }
}
