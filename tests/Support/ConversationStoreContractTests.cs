using System.Text;
using Responses.Server.Storage;

namespace Responses.Tests.Support;

/// <summary>
/// What every IConversationStore backend promises, as one suite: derive it per backend (memory and SQLite in the
/// unit tests, PostgreSQL in the integration tests). xunit builds the class once per test, so a store is fresh.
/// </summary>
public abstract class ConversationStoreContractTests
{
    protected abstract IConversationStore Store { get; }

    [Fact]
    public async Task A_created_conversation_is_found_with_its_metadata_owner_and_items_in_order()
    {
        var conversation = Conversation("conv_1", """{"topic":"démo"}""", owner: "key_1");

        await Store.CreateAsync(conversation, [Item("msg_1", "one"), Item("msg_2", "two")], CancellationToken.None);

        var found = await Store.FindAsync("conv_1", CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal(conversation.CreatedAt, found.CreatedAt);
        Assert.Equal("key_1", found.Owner);
        Assert.Equal("""{"topic":"démo"}""", Encoding.UTF8.GetString(found.MetadataJson.Span));
        Assert.Equal(["msg_1:one", "msg_2:two"], await ItemsAsync("conv_1"));
    }

    [Fact]
    public async Task Appends_go_after_the_last_item_and_an_unknown_conversation_takes_none()
    {
        await Store.CreateAsync(Conversation("conv_1"), [Item("msg_1", "one")], CancellationToken.None);

        Assert.True(await Store.AppendAsync("conv_1", [Item("msg_2", "two"), Item("msg_3", "three")], CancellationToken.None));
        Assert.True(await Store.AppendAsync("conv_1", [Item("msg_4", "four")], CancellationToken.None));
        Assert.False(await Store.AppendAsync("conv_unknown", [Item("msg_5", "five")], CancellationToken.None));

        Assert.Equal(["msg_1:one", "msg_2:two", "msg_3:three", "msg_4:four"], await ItemsAsync("conv_1"));
        Assert.Empty(await Store.ItemsAsync("conv_unknown", CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_appends_keep_every_item_and_each_append_together()
    {
        await Store.CreateAsync(Conversation("conv_1"), [], CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Store.AppendAsync("conv_1", [Item($"msg_{i}_a", "a"), Item($"msg_{i}_b", "b")], CancellationToken.None)));

        var items = await ItemsAsync("conv_1");
        Assert.Equal(20, items.Count);
        for (var pair = 0; pair < 20; pair += 2)
        {
            Assert.Equal(items[pair].Replace("_a:a", "_b:b", StringComparison.Ordinal), items[pair + 1]);
        }
    }

    [Fact]
    public async Task Metadata_is_replaced_and_an_unknown_conversation_is_not_updated()
    {
        await Store.CreateAsync(Conversation("conv_1", """{"a":"1"}"""), [], CancellationToken.None);

        Assert.True(await Store.UpdateMetadataAsync("conv_1", """{"b":"2"}"""u8.ToArray(), CancellationToken.None));
        Assert.False(await Store.UpdateMetadataAsync("conv_unknown", "{}"u8.ToArray(), CancellationToken.None));

        var found = await Store.FindAsync("conv_1", CancellationToken.None);
        Assert.Equal("""{"b":"2"}""", Encoding.UTF8.GetString(found!.MetadataJson.Span));
    }

    [Fact]
    public async Task A_deleted_conversation_is_gone_with_its_items()
    {
        await Store.CreateAsync(Conversation("conv_1"), [Item("msg_1", "one")], CancellationToken.None);
        await Store.CreateAsync(Conversation("conv_2"), [Item("msg_2", "two")], CancellationToken.None);

        Assert.True(await Store.DeleteAsync("conv_1", CancellationToken.None));

        Assert.Null(await Store.FindAsync("conv_1", CancellationToken.None));
        Assert.Empty(await Store.ItemsAsync("conv_1", CancellationToken.None));
        Assert.False(await Store.DeleteAsync("conv_1", CancellationToken.None));
        Assert.False(await Store.AppendAsync("conv_1", [Item("msg_3", "three")], CancellationToken.None));
        Assert.Equal(["msg_2:two"], await ItemsAsync("conv_2"));
    }

    [Fact]
    public async Task Deleting_an_item_removes_only_it()
    {
        await Store.CreateAsync(Conversation("conv_1"), [Item("msg_1", "one"), Item("msg_2", "two"), Item("msg_3", "three")], CancellationToken.None);

        Assert.True(await Store.DeleteItemAsync("conv_1", "msg_2", CancellationToken.None));
        Assert.False(await Store.DeleteItemAsync("conv_1", "msg_2", CancellationToken.None));
        Assert.False(await Store.DeleteItemAsync("conv_unknown", "msg_1", CancellationToken.None));

        Assert.Equal(["msg_1:one", "msg_3:three"], await ItemsAsync("conv_1"));
        Assert.True(await Store.AppendAsync("conv_1", [Item("msg_4", "four")], CancellationToken.None));
        Assert.Equal(["msg_1:one", "msg_3:three", "msg_4:four"], await ItemsAsync("conv_1"));
    }

    private static StoredConversation Conversation(string id, string metadata = "{}", string? owner = null) =>
        new(id, 1_700_000_000, Encoding.UTF8.GetBytes(metadata), owner);

    private static StoredItem Item(string id, string text) => new(id, Encoding.UTF8.GetBytes(text));

    private async Task<List<string>> ItemsAsync(string conversationId) =>
        (await Store.ItemsAsync(conversationId, CancellationToken.None)).Select(item => $"{item.Id}:{Encoding.UTF8.GetString(item.Json.Span)}").ToList();
}
