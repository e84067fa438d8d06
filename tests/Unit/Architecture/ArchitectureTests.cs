using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using Responses.Inference.Engine;
using Responses.Server.Runs;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Responses.Tests.Unit.Architecture;

/// <summary>
/// The shape of the house, held by the compiled assemblies: dependencies point one way. Server -> Generated and
/// Server -> Inference, never back; inside the server, each layer of the request's flow uses only the layers below it
/// (Host -> Api -> Runs -> Observability -> Storage -> Errors, Ids) and its top-level namespaces form no cycle; ORT
/// GenAI is named in one folder of Inference and nowhere in the server.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>Bottom to top: a layer may use the ones before it, never one after it.</summary>
    private static readonly string[] ServerLayers =
    [
        "Responses.Server.Errors",
        "Responses.Server.Ids",
        "Responses.Server.Storage",
        "Responses.Server.Observability",
        "Responses.Server.Runs",
        "Responses.Server.Api",
        "Responses.Server.Host",
    ];

    private static readonly Lazy<ArchUnitNET.Domain.Architecture> Loaded = new(() => new ArchLoader()
        .LoadAssemblies(typeof(RunExecutor).Assembly, typeof(ModelEngine).Assembly, typeof(Responses.Generated.Response).Assembly)
        .Build());

    private static ArchUnitNET.Domain.Architecture Code => Loaded.Value;

    public static TheoryData<string> Layers() => [.. ServerLayers];

    [Fact]
    public void The_servers_top_level_namespaces_form_no_cycle()
    {
        var graph = TopLevelDependencies("Responses.Server.");

        var cycle = FindCycle(graph.ToDictionary(edge => edge.Key, edge => (IReadOnlySet<string>)edge.Value.Keys.ToHashSet()));

        Assert.True(cycle is null, cycle is null ? "" : "a cycle: " + string.Join(" -> ", cycle) + "\n" + string.Join("\n",
            cycle.Zip(cycle.Skip(1), (from, to) => $"{from} -> {to}: {graph[from][to]}")));
    }

    [Fact]
    public void The_cycle_check_finds_a_cycle_when_there_is_one()
    {
        // What the test above would say of a server whose Storage used Runs (which uses Storage).
        Dictionary<string, IReadOnlySet<string>> withCycle = new()
        {
            ["Api"] = new HashSet<string> { "Runs" },
            ["Runs"] = new HashSet<string> { "Storage", "Errors" },
            ["Storage"] = new HashSet<string> { "Errors", "Runs" },
        };
        Dictionary<string, IReadOnlySet<string>> without = new()
        {
            ["Api"] = new HashSet<string> { "Runs" },
            ["Runs"] = new HashSet<string> { "Storage", "Errors" },
            ["Storage"] = new HashSet<string> { "Errors" },
        };

        Assert.Equal(["Runs", "Storage", "Runs"], FindCycle(withCycle));
        Assert.Null(FindCycle(without));
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void A_server_layer_uses_no_layer_above_it(string layer)
    {
        var above = ServerLayers.SkipWhile(name => name != layer).Skip(1).ToArray();
        if (above.Length == 0)
            return; // the top layer: everything is below it
        var rule = Types().That().ResideInNamespaceOrBelow(layer).Should().NotDependOnAny(
            Types().That().ResideInNamespaceOrBelow(above[0]).Or().ResideInNamespaceMatching(Alternatives(above)));
        rule.Check(Code);
    }

    [Fact]
    public void Every_server_namespace_is_in_a_layer()
    {
        var outside = Code.Types
            .Where(type => type.Namespace.FullName.StartsWith("Responses.Server.", StringComparison.Ordinal))
            .Where(type => !ServerLayers.Any(layer => type.Namespace.FullName == layer || type.Namespace.FullName.StartsWith(layer + ".", StringComparison.Ordinal)))
            .Select(type => type.FullName)
            .ToList();
        Assert.True(outside.Count == 0, "types outside the layers: " + string.Join(", ", outside));
    }

    [Fact]
    public void Inference_and_generated_code_know_nothing_of_the_server() =>
        Types().That().ResideInNamespaceOrBelow("Responses.Inference").Or().ResideInNamespaceOrBelow("Responses.Generated")
            .Should().NotDependOnAny(Types().That().ResideInNamespaceOrBelow("Responses.Server"))
            .Check(Code);

    [Fact]
    public void Generated_code_and_inference_know_nothing_of_each_other()
    {
        Types().That().ResideInNamespaceOrBelow("Responses.Generated").Should().NotDependOnAny(Types().That().ResideInNamespaceOrBelow("Responses.Inference")).Check(Code);
        Types().That().ResideInNamespaceOrBelow("Responses.Inference").Should().NotDependOnAny(Types().That().ResideInNamespaceOrBelow("Responses.Generated")).Check(Code);
    }

    [Fact]
    public void Ort_genai_is_named_only_in_the_adapter_folder() =>
        Types().That().DoNotResideInNamespaceOrBelow("Responses.Inference.Ort")
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceOrBelow("Microsoft.ML.OnnxRuntimeGenAI")
            .Check(Code);

    [Fact]
    public void The_server_does_not_even_reference_ort_genai() =>
        Assert.DoesNotContain(
            typeof(RunExecutor).Assembly.GetReferencedAssemblies(),
            name => name.Name!.StartsWith("Microsoft.ML.OnnxRuntimeGenAI", StringComparison.Ordinal));

    /// <summary>
    /// Which top-level namespaces under <paramref name="prefix"/> use which, from every dependency of every compiled
    /// type (a using, a qualified name, a base type, a generic argument alike), each edge with one type pair as its
    /// witness.
    /// </summary>
    private static Dictionary<string, Dictionary<string, string>> TopLevelDependencies(string prefix)
    {
        string? TopLevel(IType type) =>
            type.Namespace.FullName.StartsWith(prefix, StringComparison.Ordinal) ? type.Namespace.FullName[prefix.Length..].Split('.')[0] : null;

        var graph = new Dictionary<string, Dictionary<string, string>>();
        foreach (var type in Code.Types)
        {
            if (TopLevel(type) is not { } from)
                continue;
            var edges = graph.TryGetValue(from, out var found) ? found : graph[from] = [];
            foreach (var dependency in type.Dependencies)
            {
                if (TopLevel(dependency.Target) is { } to && to != from)
                    edges.TryAdd(to, $"{type.FullName} uses {dependency.Target.FullName}");
            }
        }
        return graph;
    }

    /// <summary>A cycle in the graph as the path that closes it (its first node repeated at the end), or null.</summary>
    private static List<string>? FindCycle(IReadOnlyDictionary<string, IReadOnlySet<string>> graph)
    {
        var done = new HashSet<string>();
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            var at = path.IndexOf(node);
            if (at >= 0)
                return [.. path.Skip(at), node];
            if (!done.Add(node))
                return null;
            path.Add(node);
            foreach (var next in graph.TryGetValue(node, out var edges) ? edges.Order(StringComparer.Ordinal) : Enumerable.Empty<string>())
            {
                if (Visit(next) is { } cycle)
                    return cycle;
            }
            path.RemoveAt(path.Count - 1);
            return null;
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(node) is { } cycle)
                return cycle;
        }
        return null;
    }

    /// <summary>A namespace pattern for any of <paramref name="namespaces"/> and what is below them.</summary>
    private static string Alternatives(IEnumerable<string> namespaces) =>
        "^(" + string.Join("|", namespaces.Select(name => System.Text.RegularExpressions.Regex.Escape(name))) + @")(\..*)?$";
}
