namespace Responses.Inference;

/// <summary>A function the model may call.</summary>
/// <param name="Name">The name the model sees and calls.</param>
/// <param name="ParametersJson">JSON Schema of the arguments, passed through unchanged (any keyword); null for none.</param>
/// <param name="Strict">The arguments must match the schema exactly (OpenAI's strict mode: no extra properties).</param>
public sealed record ChatTool(string Name, string? Description, string? ParametersJson, bool Strict = false);
