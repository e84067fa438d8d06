namespace Responses.Inference.Hub;

/// <summary>A model to serve from the Hub: where it is, and the id it answers to unless one is given.</summary>
internal sealed record HubModelSource(HubModelReference Reference, string DefaultId)
{
    /// <summary>
    /// What a --model value (Inference:Models:N:Path) names when it is not a folder here: <c>hf:OWNER/REPO/FOLDER</c>,
    /// or a catalog name. Null: a folder path, left to the folder checks. A folder that exists wins over a catalog
    /// name, so a model folder called phi-4-mini in the working directory is served as it always was.
    /// </summary>
    /// <exception cref="ModelLoadException">A malformed hf: reference, or a bare name that is neither a folder nor in the catalog.</exception>
    public static HubModelSource? Find(string text)
    {
        if (HubModelReference.HasScheme(text))
        {
            var reference = HubModelReference.Parse(text);
            return new HubModelSource(reference, reference.Repository);
        }

        if (Directory.Exists(text) || !IsBareName(text))
            return null;
        if (ModelNames.Find(text) is { } entry)
            return new HubModelSource(entry.Source, entry.Name);
        var names = string.Join(", ", ModelNames.Entries.Select(known => known.Name));
        throw new ModelLoadException(
            $"'{text}' is neither a model folder ('{Path.GetFullPath(text)}' does not exist) nor a model in the catalog ({names}); "
            + "see --list-models, or name a Hub folder as hf:OWNER/REPO/FOLDER.");
    }

    // A name, not a path: no separator, not '.', '..' or a hidden name, not '~' (a shell that did not expand it).
    private static bool IsBareName(string text) =>
        text.Length > 0 && text.IndexOfAny(['/', '\\']) < 0 && text[0] is not ('.' or '~');
}
