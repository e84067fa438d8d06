using System.Text.RegularExpressions;
using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Responses.Tests.Support;

namespace Responses.Tests.Unit.Docs;

/// <summary>
/// What a newcomer reads from a fresh clone: a README short enough for five minutes, and documentation whose
/// relative links all lead somewhere (a file, and a heading of it as GitHub names headings).
/// </summary>
public sealed partial class DocumentationTests
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
        .UsePipeTables()
        .Build();

    public static TheoryData<string> Documents
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var file in MarkdownFiles())
                data.Add(Path.GetRelativePath(RepositoryPaths.Root, file).Replace('\\', '/'));
            return data;
        }
    }

    [Fact]
    public void The_README_is_at_most_250_lines()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "README.md")).Length;

        Assert.True(lines <= 250, $"README.md has {lines} lines; move detail to docs/ (see the README's Documentation section).");
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_leads_to_a_file_and_heading_that_exist(string document)
    {
        var path = Path.Combine(RepositoryPaths.Root, document);
        var broken = new List<string>();
        foreach (var link in Parse(path).Descendants<LinkInline>())
        {
            var url = link.Url;
            if (string.IsNullOrEmpty(url) || url.StartsWith('/') || Scheme().IsMatch(url))
                continue; // absolute URLs, and paths on a running server (/docs, /openapi.yaml)

            var hash = url.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? url : url[..hash];
            var anchor = hash < 0 ? null : url[(hash + 1)..];
            var target = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(target) && !Directory.Exists(target))
                broken.Add($"line {link.Line + 1}: {url} (no such file)");
            else if (anchor is not null && target.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !HeadingIds(target).Contains(anchor))
                broken.Add($"line {link.Line + 1}: {url} (no such heading)");
        }

        Assert.True(broken.Count == 0, $"{document}:\n{string.Join('\n', broken)}");
    }

    private static MarkdownDocument Parse(string path) => Markdown.Parse(File.ReadAllText(path), Pipeline);

    private static HashSet<string> HeadingIds(string path)
    {
        var ids = Parse(path).Descendants<HeadingBlock>()
            .Select(heading => heading.GetAttributes().Id)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        ids.UnionWith(HtmlAnchor().Matches(File.ReadAllText(path)).Select(match => match.Groups[1].Value));
        return ids;
    }

    private static IEnumerable<string> MarkdownFiles()
    {
        string[] skipped = ["bin", "obj", "node_modules", ".git"];
        return Directory.EnumerateFiles(RepositoryPaths.Root, "*.md", SearchOption.AllDirectories)
            .Where(file => !Path.GetRelativePath(RepositoryPaths.Root, file).Split(Path.DirectorySeparatorChar).Any(skipped.Contains))
            .Order(StringComparer.Ordinal);
    }

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex("<a\\s+(?:id|name)=\"([^\"]+)\"")]
    private static partial Regex HtmlAnchor();
}
