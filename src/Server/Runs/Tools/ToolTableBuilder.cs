using System.Text.Json;
using Responses.Generated;
using Responses.Inference;

namespace Responses.Server.Runs.Tools;

/// <summary>
/// The request's tools, tool_choice and parallel_tool_calls, resolved into what the model is offered and the table
/// its calls map back through. max_tool_calls is not among them: OpenAI applies it to the calls of built-in (hosted)
/// tools it runs itself, never to function calls (nor custom, shell or apply_patch calls, which the client runs),
/// and this server runs no hosted tool, so it bounds nothing here; the Response echoes it all the same.
/// </summary>
public static class ToolTableBuilder
{
    public static RequestTools Build(CreateResponse request, JsonSerializerOptions json) =>
        Build(request.Tools, request.ToolChoice, request.ParallelToolCalls, json);

    /// <summary>The same for any API whose tools and tool_choice were put in the Responses shapes (chat completions).</summary>
    public static RequestTools Build(IReadOnlyList<Tool>? tools, ToolChoiceParam? toolChoice, bool? parallelToolCalls, JsonSerializerOptions json)
    {
        var declared = DeclaredToolReader.Read(tools, json);
        var resolved = ToolChoiceResolver.Resolve(declared.Callable, toolChoice, json);
        var notes = new List<string>();

        // With tool_choice none the model is offered nothing, so there is nothing to say about hosted tools either.
        var unavailable = new List<string>();
        if (toolChoice?.Options != ToolChoiceOptions.None)
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
            MaxToolCalls(toolChoice, parallelToolCalls),
            new ToolTable(resolved.Offered.Select(t => t.Offered)),
            unavailable,
            notes);
    }

    /// <summary>parallel_tool_calls false: one call at most; a named choice forces exactly one call; else no bound.</summary>
    private static int? MaxToolCalls(ToolChoiceParam? toolChoice, bool? parallelToolCalls)
    {
        // OpenAI: a named function (or custom, shell or apply_patch tool) choice forces the model to call exactly that one tool, once.
        var named = toolChoice is { Function: not null } or { Custom: not null } or { ObjectType: ClientExecutedTools.Shell or ClientExecutedTools.ApplyPatch };
        return parallelToolCalls == false || named ? 1 : null;
    }
}

/// <summary>What the request's tools, tool_choice and call limits mean for the prompt and for the model's calls.</summary>
/// <param name="Tools">The functions offered to the model.</param>
/// <param name="Choice">Whether and which tool the model must call.</param>
/// <param name="MaxToolCalls">Calls kept at most (parallel_tool_calls false, or a named tool: 1); null: no limit.</param>
/// <param name="Table">The offered tools by the names the model sees, to map its calls back.</param>
/// <param name="Unavailable">Types of the requested tools this server does not run, for the system message.</param>
/// <param name="Notes">What was not offered and why, for the log.</param>
public sealed record RequestTools(
    IReadOnlyList<ChatTool> Tools,
    ToolChoice Choice,
    int? MaxToolCalls,
    ToolTable Table,
    IReadOnlyList<string> Unavailable,
    IReadOnlyList<string> Notes);
