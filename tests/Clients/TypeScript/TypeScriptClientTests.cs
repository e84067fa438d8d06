using Responses.Tests.Clients.Node;
using Responses.Tests.Integration;

namespace Responses.Tests.Clients.TypeScript;

/// <summary>
/// clients/typescript as a spec user runs it: types generated from the spec (openapi-typescript), the client and
/// the call script type-checked by tsc (strict), then one call with Node against the real server on a loopback port.
/// </summary>
[Collection(TypeScriptFolderCollection.Name)]
public sealed class TypeScriptClientTests(TypeScriptFolder folder)
{
    [NodeFact]
    public async Task Generates_type_checks_and_calls_the_server()
    {
        await folder.RunAsync("generate");
        await folder.RunAsync("build");

        using var server = await ServerChildProcess.StartAsync("--store", "memory");
        var output = await folder.RunAsync("call", server.Client.BaseAddress!.ToString().TrimEnd('/'), "responses-tiny-llama", "Say hello.");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 2, $"expected the id and status, then the output text:\n{output}\n{server.Log}");
        Assert.Matches("^resp_[0-9a-f]+ (completed|incomplete)$", lines[0]);
    }
}
