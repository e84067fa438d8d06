using Responses.Generated;

namespace Responses.Server.Runs.Conversation;

/// <summary>
/// reasoning.effort → the chat template's enable_thinking switch. Local templates know on or off only: none and
/// minimal ask for no thinking, every other effort for thinking; no effort leaves the template's default.
/// </summary>
public static class ThinkingSwitch
{
    public static bool? From(Reasoning? reasoning) => reasoning?.Effort switch
    {
        null => null,
        ReasoningEffort.None or ReasoningEffort.Minimal => false,
        _ => true,
    };
}
