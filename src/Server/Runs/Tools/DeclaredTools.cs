namespace Responses.Server.Runs.Tools;

/// <summary>The request's tools sorted by what this server can do with them.</summary>
/// <param name="Callable">Functions, namespace members and custom tools, in request order.</param>
/// <param name="Hosted">The types of the tools only OpenAI runs (web_search, image_generation...), once each, in order.</param>
public sealed record DeclaredTools(IReadOnlyList<CallableTool> Callable, IReadOnlyList<string> Hosted);
