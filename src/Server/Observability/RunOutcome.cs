namespace Responses.Server.Observability;

/// <summary>How a generation that started ended, in the words of the Response's status.</summary>
public enum RunOutcome
{
    Completed,
    Incomplete,
    Failed,
    Cancelled,
}
