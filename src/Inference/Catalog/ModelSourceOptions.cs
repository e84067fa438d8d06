namespace Responses.Inference.Catalog;

/// <summary>One entry of <see cref="InferenceOptions.Models"/> ("Inference:Models:0:Path", "Inference:Models:0:Id").</summary>
public sealed class ModelSourceOptions
{
    /// <summary>An ORT GenAI model folder.</summary>
    public string? Path { get; set; }

    /// <summary>The id clients put in "model". Null: the folder name.</summary>
    public string? Id { get; set; }
}
