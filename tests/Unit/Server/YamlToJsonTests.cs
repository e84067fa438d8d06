using System.Text.Json.Nodes;
using Responses.Server.Host.OpenApi;
using Responses.Tests.Support;

namespace Responses.Tests.Unit.Server;

/// <summary>YAML to JSON as /openapi.json serves it: plain scalars typed by YAML 1.2's core schema, quoted ones kept as text.</summary>
public sealed class YamlToJsonTests
{
    [Fact]
    public void Types_plain_scalars_and_keeps_quoted_and_block_ones_as_strings()
    {
        const string Yaml = """
            openapi: 3.0.3
            version: 0.1.0
            minimum: 16
            temperature: 0.7
            negative: -2
            exponent: 1e3
            nullable: true
            strict: false
            empty: ~
            quoted: '200'
            also: "true"
            folded: >-
              one
              line
            tags: [Responses, Models]
            nested:
              - name: a
              - 7
            """;

        var json = YamlToJson.Convert(new StringReader(Yaml))!;

        const string Expected = """
            {"openapi":"3.0.3","version":"0.1.0","minimum":16,"temperature":0.7,"negative":-2,"exponent":1000,"nullable":true,"strict":false,"empty":null,"quoted":"200","also":"true","folded":"one line","tags":["Responses","Models"],"nested":[{"name":"a"},7]}
            """;
        Assert.Equal(Expected, json.ToJsonString());
    }

    [Fact]
    public void An_empty_document_is_null()
    {
        Assert.Null(YamlToJson.Convert(new StringReader("")));
    }

    [Fact]
    public void The_spec_converts_with_every_path()
    {
        using var yaml = File.OpenText(Path.Combine(RepositoryPaths.Root, "spec", "openapi.yaml"));
        var spec = YamlToJson.Convert(yaml)!;

        Assert.Contains("/v1/responses", spec["paths"]!.AsObject().Select(path => path.Key));
        Assert.IsType<JsonObject>(spec["components"]!["schemas"]!["CreateResponse"]);
    }
}
