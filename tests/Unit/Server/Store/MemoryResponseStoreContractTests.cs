using Microsoft.Extensions.Options;
using Responses.Server.Storage;
using Responses.Server.Storage.Memory;

namespace Responses.Tests.Unit.Server.Store;

/// <summary>The contract on the memory backend, with its default bounds.</summary>
public sealed class MemoryResponseStoreContractTests : ResponseStoreContractTests
{
    protected override IResponseStore Store { get; } = new MemoryResponseStore(Options.Create(new MemoryResponseStoreOptions()));
}
