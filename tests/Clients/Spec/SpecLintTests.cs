using Responses.Tests.Clients.Node;

namespace Responses.Tests.Clients.Spec;

/// <summary>
/// spec/openapi.yaml through Redocly's recommended rules (clients/typescript's @redocly/cli) with no error and no
/// warning; the rules turned off and the findings accepted one by one are in spec/redocly.yaml and
/// spec/.redocly.lint-ignore.yaml, each with its reason.
/// </summary>
[Collection(TypeScriptFolderCollection.Name)]
public sealed class SpecLintTests(TypeScriptFolder folder)
{
    [NodeFact]
    public async Task The_spec_passes_the_lint()
    {
        var output = await folder.RunAsync("lint:spec", "--format=stylish");

        Assert.Contains("Your API description is valid", output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", output.Replace("Deprecation warning", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }
}
