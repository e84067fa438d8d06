namespace Responses.Inference;

/// <summary>
/// The engine cannot build the constraint a prompt asks for: a text.format schema, or a forced call's tool
/// parameters, that its grammar compiler (llguidance) rejects.
/// </summary>
/// <param name="FromToolParameters">The schema came from the tools (a forced call), not from the output format.</param>
public sealed class OutputConstraintException(string message, bool fromToolParameters, Exception? inner = null) : Exception(message, inner)
{
    public bool FromToolParameters { get; } = fromToolParameters;
}
