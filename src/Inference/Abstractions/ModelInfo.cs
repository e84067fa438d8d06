namespace Responses.Inference;

/// <summary>What the server may know of a loaded model.</summary>
/// <param name="Id">The name clients put in "model".</param>
/// <param name="ContextLength">Tokens of prompt plus output the model can hold.</param>
/// <param name="Path">The model folder it was loaded from.</param>
/// <param name="LoadTime">How long loading took.</param>
public sealed record ModelInfo(string Id, int ContextLength, string Path, TimeSpan LoadTime);
