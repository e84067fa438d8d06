namespace Responses.Inference;

/// <summary>The models this process serves, by id.</summary>
public interface IModelCatalog
{
    IReadOnlyList<ILanguageModel> Models { get; }

    ILanguageModel? Find(string id);
}
