using System.Text.Json;
using Responses.Generated;

namespace Responses.Server.Tools;

/// <summary>
/// The request's tools, tool_choice, parallel_tool_calls and max_tool_calls, resolved into what the model is offered
/// and the table its calls map back through.
/// </summary>
public static class ToolTableBuilder
{
    public static RequestTools Build(CreateResponse request, JsonSerializerOptions json)
    {
        var declared = DeclaredToolReader.Read(request.Tools, json);
        var resolved = ToolChoiceResolver.Resolve(declared.Callable, request.ToolChoice, json);
        var notes = new List<string>();

        // With tool_choice none the model is offered nothing, so there is nothing to say about hosted tools either.
        var unavailable = new List<string>();
        if (request.ToolChoice?.Options != ToolChoiceOptions.None)
        {
            unavailable.AddRange(declared.Hosted);
            if (declared.Hosted.Count > 0)
            {
                notes.Add($"tools {string.Join(", ", declared.Hosted)} not offered: hosted tools this server does not run");
            }
        }

        if (resolved.HostedChoice is { } hostedChoice)
        {
            notes.Add($"tool_choice {hostedChoice} treated as auto: a hosted tool this server does not run");
            if (!unavailable.Contains(hostedChoice))
            {
                unavailable.Add(hostedChoice);
            }
        }

        return new RequestTools(
            [.. resolved.Offered.Select(t => t.Chat)],
            resolved.Choice,
            MaxToolCalls(request),
            new ToolTable(resolved.Offered.Select(t => t.Offered)),
            unavailable,
            notes);
    }

    private static int? MaxToolCalls(CreateResponse request)
    {
        // OpenAI: a named function (or custom tool) choice forces the model to call exactly that one tool, once.
        var named = request.ToolChoice is { Function: not null } or { Custom: not null };
        int? parallel = request.ParallelToolCalls == false || named ? 1 : null;
        return (parallel, request.MaxToolCalls) switch
        {
            ({ } p, { } m) => Math.Min(p, m),
            (var p, var m) => p ?? m,
        };
    }
}
