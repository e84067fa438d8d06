namespace Responses.Conformance.Spec;

/// <summary>One validation's outcome: valid, or the first few errors as "instance path: message".</summary>
public sealed record SchemaVerdict(string Schema, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;

    public override string ToString() =>
        IsValid ? $"valid {Schema}" : $"not a valid {Schema}: {string.Join("; ", Errors)}";
}
