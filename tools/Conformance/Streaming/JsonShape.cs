using System.Text.Json;
using System.Text.Json.Nodes;

namespace Responses.Conformance.Streaming;

/// <summary>
/// Compares two JSON documents by shape: the same keys, value kinds and array lengths everywhere, and the same
/// values where a value names a shape (<c>type</c>, <c>object</c>, <c>status</c>, <c>role</c>). Ids, times and text
/// may differ.
/// </summary>
public static class JsonShape
{
    private static readonly HashSet<string> ShapeNamingKeys = new(StringComparer.Ordinal) { "type", "object", "status", "role" };

    private const int MaxDifferences = 5;

    public static IReadOnlyList<string> Differences(JsonNode? expected, JsonNode? actual)
    {
        var differences = new List<string>();
        Compare(expected, actual, "", null, differences);
        return differences.Take(MaxDifferences).ToList();
    }

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, string? key, List<string> differences)
    {
        if (differences.Count >= MaxDifferences)
        {
            return;
        }

        var (expectedKind, actualKind) = (Kind(expected), Kind(actual));
        if (expectedKind != actualKind)
        {
            differences.Add($"{Where(path)}: {expectedKind} vs {actualKind}");
            return;
        }

        switch (expected)
        {
            case JsonObject left:
                var right = actual!.AsObject();
                foreach (var name in left.Select(p => p.Key).Union(right.Select(p => p.Key)))
                {
                    if (!left.ContainsKey(name) || !right.ContainsKey(name))
                    {
                        differences.Add($"{Where(path + "/" + name)}: only in the {(left.ContainsKey(name) ? "first" : "second")}");
                        continue;
                    }

                    Compare(left[name], right[name], path + "/" + name, name, differences);
                }

                break;
            case JsonArray left:
                var items = actual!.AsArray();
                if (left.Count != items.Count)
                {
                    differences.Add($"{Where(path)}: {left.Count} items vs {items.Count}");
                    return;
                }

                for (var i = 0; i < left.Count; i++)
                {
                    Compare(left[i], items[i], $"{path}/{i}", null, differences);
                }

                break;
            case JsonValue when key is not null && ShapeNamingKeys.Contains(key) && !JsonNode.DeepEquals(expected, actual):
                differences.Add($"{Where(path)}: {expected.ToJsonString()} vs {actual!.ToJsonString()}");
                break;
        }
    }

    private static string Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        { } kind => kind.ToString().ToLowerInvariant(),
    };

    private static string Where(string path) => path.Length == 0 ? "/" : path;
}
