using System.Text.Json;

namespace Responses.Inference.Hub;

/// <summary>
/// Which files of a Hub folder an ORT GenAI model needs: the ONNX graphs its genai_config.json names (and only
/// those: folders may hold other variants), their external weights (named after the graph: model.onnx.data,
/// model.data, model.onnx_data), and the small configuration, tokenizer and template files. READMEs, scripts,
/// images and unnamed graphs stay on the Hub.
/// </summary>
internal static class HubFileSelection
{
    private static readonly string[] MetadataExtensions = [".json", ".txt", ".jinja", ".model", ".tiktoken"];

    /// <exception cref="ModelLoadException">genai_config.json names a file the folder does not have.</exception>
    public static IReadOnlyList<HubEntry> Select(HubModelReference model, IReadOnlyList<HubEntry> files, JsonElement genaiConfig)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        CollectFileNames(genaiConfig, named);
        var names = files.Select(file => file.Name).ToHashSet(StringComparer.Ordinal);
        if (named.FirstOrDefault(name => !names.Contains(name)) is { } missing)
            throw new ModelLoadException($"{model}: genai_config.json names '{missing}', which the folder on the Hub does not have.");

        var graphs = named.Where(name => name.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)).ToList();
        return files
            .Where(file => named.Contains(file.Name) || IsExternalData(file.Name, graphs) || IsMetadata(file.Name))
            .ToList();
    }

    /// <summary>Every string of a property whose name ends in "filename" (filename, config_filename, adapter_filename...).</summary>
    private static void CollectFileNames(JsonElement element, HashSet<string> names)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name.EndsWith("filename", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String
                    && property.Value.GetString() is { Length: > 0 } name)
                    names.Add(name);
                else
                    CollectFileNames(property.Value, names);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
                CollectFileNames(item, names);
        }
    }

    private static bool IsExternalData(string name, List<string> graphs) =>
        !name.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)
        && graphs.Any(graph => StartsWithPart(name, graph) || StartsWithPart(name, graph[..^".onnx".Length]));

    private static bool StartsWithPart(string name, string stem) =>
        name.Length > stem.Length && name.StartsWith(stem, StringComparison.Ordinal) && name[stem.Length] is '.' or '_';

    private static bool IsMetadata(string name) =>
        MetadataExtensions.Any(extension => name.EndsWith(extension, StringComparison.OrdinalIgnoreCase));
}
