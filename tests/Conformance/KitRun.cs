using System.Text.Json.Nodes;
using Responses.Conformance;

namespace Responses.Tests.Conformance;

/// <summary>One run of the kit in this process, as the command line would run it, with its output kept.</summary>
public sealed record KitRun(int ExitCode, string Output, string Errors)
{
    public const string Model = "responses-tiny-llama";

    public IReadOnlyList<string> Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string Summary => Lines[^1];

    /// <summary>The line of check <paramref name="name"/> ("PASS name", "FAIL name: reason").</summary>
    public string Line(string name) =>
        Lines.SingleOrDefault(line => line.Split(' ', 3)[1].TrimEnd(':') == name) ?? throw new InvalidOperationException($"No line for {name}:\n{Output}");

    public JsonObject Json => JsonNode.Parse(Output)!.AsObject();

    public static async Task<KitRun> RunAsync(string baseUrl, HttpMessageHandler? handler, params string[] extra)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        string[] args = ["--base-url", baseUrl, "--model", Model, "--timeout", "60", .. extra];
        var exit = await ConformanceApp.RunAsync(args, output, errors, handler, CancellationToken.None);
        return new KitRun(exit, output.ToString(), errors.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Errors}";
}
