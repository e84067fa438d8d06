namespace Responses.Tests.Clients.Node;

/// <summary>The tests that use clients/typescript: one install, and one test at a time in the folder.</summary>
[CollectionDefinition(Name)]
public sealed class TypeScriptFolderCollection : ICollectionFixture<TypeScriptFolder>
{
    public const string Name = "clients/typescript";
}
