using System.Text;
using Responses.Generated;
using Responses.Server.Errors;
using Responses.Server.Runs.Conversation;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Responses.Tests.Unit.Server;

/// <summary>What the model reads for an input_file: the file's text under a header naming it.</summary>
public sealed class FileTextTests
{
    [Fact]
    public void A_text_file_is_its_text_under_its_name()
    {
        var file = new InputFileContent { Filename = "notes.md", FileData = DataUrl("text/markdown", "\uFEFF# Plan\n- ship it") };

        Assert.Equal("--- notes.md ---\n# Plan\n- ship it", FileText.Of(file, "input[0].content[0]"));
    }

    [Fact]
    public void Bare_base64_is_typed_by_the_file_name()
    {
        var file = new InputFileContent { Filename = "main.py", FileData = Convert.ToBase64String(Encoding.UTF8.GetBytes("print(1)")) };

        Assert.Equal("--- main.py ---\nprint(1)", FileText.Of(file, "p"));
    }

    [Fact]
    public void A_pdf_is_its_text_page_by_page()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(PageSize.A4).AddText("Revenue grew.", 12, new PdfPoint(40, 700), font);
        builder.AddPage(PageSize.A4).AddText("Costs fell.", 12, new PdfPoint(40, 700), font);
        var file = new InputFileContent { Filename = "report.pdf", FileData = "data:application/pdf;base64," + Convert.ToBase64String(builder.Build()) };

        Assert.Equal(
            "--- report.pdf, page 1 of 2 ---\nRevenue grew.\n\n--- report.pdf, page 2 of 2 ---\nCosts fell.",
            FileText.Of(file, "p"));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_text_are_refused_naming_the_data()
    {
        var file = new InputFileContent { Filename = "a.txt", FileData = "data:text/plain;base64," + Convert.ToBase64String([0xFF, 0xFE, 0x00, 0xC3]) };

        var refused = Assert.Throws<ApiException>(() => FileText.Of(file, "input[2].content[1]"));
        Assert.Equal("input[2].content[1].file_data", refused.Param);
    }

    private static string DataUrl(string mediaType, string text) => $"data:{mediaType};base64,{Convert.ToBase64String(Encoding.UTF8.GetBytes(text))}";
}
