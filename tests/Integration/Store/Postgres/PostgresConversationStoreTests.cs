using System.Text;
using Responses.Server.Storage;
using Responses.Tests.Support;

namespace Responses.Tests.Integration.Store.Postgres;

/// <summary>Conversations on a real PostgreSQL: the contract's path in one scenario, with appends racing from two stores (two replicas).</summary>
public sealed class PostgresConversationStoreTests(PostgresDatabases databases) : IClassFixture<PostgresDatabases>
{
    [PostgresFact]
    public async Task A_conversation_is_created_appended_to_from_two_replicas_trimmed_and_deleted()
    {
        var connectionString = await databases.CreateAsync();
        await using var a = PostgresDatabases.Store(connectionString);
        await using var b = PostgresDatabases.Store(connectionString);
        IConversationStore first = a, second = b;

        await first.CreateAsync(new StoredConversation("conv_1", 1_700_000_000, """{"topic":"démo"}"""u8.ToArray(), "key_1"), [Item("msg_0", "zero")], CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
            (i % 2 == 0 ? first : second).AppendAsync("conv_1", [Item($"msg_{i}_a", "a"), Item($"msg_{i}_b", "b")], CancellationToken.None)));

        var found = await second.FindAsync("conv_1", CancellationToken.None);
        Assert.Equal("key_1", found!.Owner);
        Assert.Equal("""{"topic":"démo"}""", Encoding.UTF8.GetString(found.MetadataJson.Span));
        var items = await second.ItemsAsync("conv_1", CancellationToken.None);
        Assert.Equal(21, items.Count);
        Assert.Equal("msg_0", items[0].Id);
        for (var pair = 1; pair < 21; pair += 2)
        {
            Assert.Equal(items[pair].Id.Replace("_a", "_b", StringComparison.Ordinal), items[pair + 1].Id);
        }

        Assert.True(await first.UpdateMetadataAsync("conv_1", "{}"u8.ToArray(), CancellationToken.None));
        Assert.True(await first.DeleteItemAsync("conv_1", "msg_0", CancellationToken.None));
        Assert.False(await second.DeleteItemAsync("conv_1", "msg_0", CancellationToken.None));
        Assert.Equal(20, (await first.ItemsAsync("conv_1", CancellationToken.None)).Count);
        Assert.False(await first.AppendAsync("conv_unknown", [Item("msg_x", "x")], CancellationToken.None));

        Assert.True(await second.DeleteAsync("conv_1", CancellationToken.None));
        Assert.Null(await first.FindAsync("conv_1", CancellationToken.None));
        Assert.Empty(await first.ItemsAsync("conv_1", CancellationToken.None));
        Assert.False(await first.DeleteAsync("conv_1", CancellationToken.None));
    }

    private static StoredItem Item(string id, string text) => new(id, Encoding.UTF8.GetBytes(text));
}
