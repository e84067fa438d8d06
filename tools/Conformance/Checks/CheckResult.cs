namespace Responses.Conformance.Checks;

/// <summary>One check's verdict; <see cref="Reason"/> says why it failed or was skipped.</summary>
public sealed record CheckResult(string Name, CheckOutcome Outcome, string? Reason, TimeSpan Duration);
