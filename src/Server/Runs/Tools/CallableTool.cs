using Responses.Inference;

namespace Responses.Server.Runs.Tools;

/// <summary>A tool of the request the model can call: what it is offered, and what its calls map back to.</summary>
public sealed record CallableTool(ChatTool Chat, OfferedTool Offered);
