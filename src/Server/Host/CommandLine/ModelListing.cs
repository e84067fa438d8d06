using Responses.Inference.Catalog;
using Responses.Inference.Hub;

namespace Responses.Server.Host.CommandLine;

/// <summary>
/// --list-models: the catalog of names (what each stands for on the Hub, about how big, whether it is downloaded)
/// and everything the model cache holds, with sizes. Reads the disk only.
/// </summary>
internal static class ModelListing
{
    public static int Print(IConfiguration configuration, TextWriter output)
    {
        var options = configuration.GetSection(InferenceOptions.SectionName).Get<InferenceOptions>() ?? new InferenceOptions();
        var cache = ModelCacheContents.Read(options);
        var downloaded = cache.Folders.Where(folder => folder.Name is not null).ToLookup(folder => folder.Name!, StringComparer.OrdinalIgnoreCase);
        var nameWidth = ModelNames.Entries.Max(entry => entry.Name.Length) + 2;

        output.WriteLine("Models by name (--model NAME downloads the folder from Hugging Face once, into the model cache):");
        foreach (var entry in ModelNames.Entries)
        {
            var state = downloaded[entry.Name].FirstOrDefault() is { } folder ? $"downloaded, {Size(folder.Bytes)}" : $"~{Size(entry.DownloadBytes)} to download";
            output.WriteLine($"  {entry.Name.PadRight(nameWidth)}{entry.Summary} ({state})");
            output.WriteLine($"  {new string(' ', nameWidth)}{entry.Source}");
        }

        output.WriteLine("Any other ONNX Runtime GenAI folder on the Hub: --model hf:OWNER/REPO[/FOLDER][@REVISION].");
        output.WriteLine();
        output.WriteLine($"In the model cache ({cache.Directory}):");
        if (cache.Folders.Count == 0)
            output.WriteLine("  nothing yet");
        var sizeWidth = cache.Folders.Concat(cache.Unfinished).Select(folder => Size(folder.Bytes).Length).DefaultIfEmpty(0).Max() + 2;
        foreach (var folder in cache.Folders)
        {
            output.WriteLine($"  {Size(folder.Bytes).PadRight(sizeWidth)}{(folder.Name is null ? "" : folder.Name + "  ")}{folder.Source}");
            output.WriteLine($"  {new string(' ', sizeWidth)}{folder.Path}");
        }

        if (cache.Unfinished.Count > 0)
        {
            output.WriteLine("Unfinished downloads (the next start with that model resumes them):");
            foreach (var folder in cache.Unfinished)
                output.WriteLine($"  {Size(folder.Bytes).PadRight(sizeWidth)}{folder.Source}");
        }

        return 0;
    }

    private static string Size(long bytes) => ModelCacheContents.Size(bytes);
}
