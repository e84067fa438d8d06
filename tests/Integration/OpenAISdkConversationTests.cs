using System.ClientModel;
using System.Text.Json.Nodes;
using OpenAI.Conversations;
using OpenAI.Responses;

namespace Responses.Tests.Integration;

/// <summary>The official .NET SDK's ConversationClient, and responses created in a conversation through its ResponsesClient.</summary>
[Collection(DefaultServerCollection.Name)]
public sealed class OpenAISdkConversationTests(DefaultServer server)
{
    [Fact]
    public async Task The_SDK_creates_reads_updates_and_deletes_a_conversation_and_its_items()
    {
        var client = OpenAISdk.Conversations(server.Factory);
        var options = new ConversationCreationOptions();
        options.Metadata["topic"] = "demo";
        options.Items.Add(ResponseItem.CreateUserMessageItem("Hello!"));

        ConversationResource created = await client.CreateConversationAsync(options);
        ConversationResource fetched = await client.GetConversationAsync(created.Id);
        ConversationResource updated = await client.UpdateConversationAsync(created.Id, new ConversationUpdateOptions(new Dictionary<string, string> { ["topic"] = "other" }));

        Assert.StartsWith("conv_", created.Id, StringComparison.Ordinal);
        Assert.Equal("demo", fetched.Metadata["topic"]);
        Assert.Equal(created.CreatedAt, fetched.CreatedAt);
        Assert.Equal("other", updated.Metadata["topic"]);

        var added = Parse(await client.CreateConversationItemsAsync(
            created.Id, BinaryContent.Create(BinaryData.FromString("""{"items":[{"type":"message","role":"user","content":"How are you?"}]}"""))));
        var addedId = (string)added["data"]![0]!["id"]!;
        var items = new List<string>();
        await foreach (ClientResult page in client.GetConversationItemsAsync(created.Id, limit: 1, order: "asc", after: null).GetRawPagesAsync())
        {
            items.AddRange(Parse(page)["data"]!.AsArray().Select(item => (string)item!["id"]!));
        }

        Assert.Equal(2, items.Count);
        Assert.Equal(addedId, items[1]);
        Assert.Equal(addedId, (string?)Parse(await client.GetConversationItemAsync(created.Id, addedId))["id"]);
        Assert.Equal(created.Id, (string?)Parse(await client.DeleteConversationItemAsync(created.Id, addedId))["id"]);

        ConversationDeletionResult deleted = await client.DeleteConversationAsync(created.Id);
        Assert.True(deleted.Deleted);
        var gone = await Assert.ThrowsAsync<ClientResultException>(() => client.GetConversationAsync(created.Id));
        Assert.Equal(404, gone.Status);
    }

    [Fact]
    public async Task Two_SDK_turns_in_one_conversation_the_second_reading_the_first()
    {
        var conversations = OpenAISdk.Conversations(server.Factory);
        var responses = OpenAISdk.Responses(server.Factory);
        ConversationResource conversation = await conversations.CreateConversationAsync(new ConversationCreationOptions());

        ResponseResult first = await responses.CreateResponseAsync(Turn("My name is Ada.", conversation.Id));
        ResponseResult second = await responses.CreateResponseAsync(Turn("What is my name?", conversation.Id));

        Assert.True(second.Usage.InputTokenCount > first.Usage.InputTokenCount + first.Usage.OutputTokenCount);
        var roles = new List<string?>();
        await foreach (ClientResult page in conversations.GetConversationItemsAsync(conversation.Id, limit: 100, order: "asc", after: null).GetRawPagesAsync())
        {
            roles.AddRange(Parse(page)["data"]!.AsArray().Select(item => (string?)item!["role"]));
        }

        Assert.Equal(["user", "assistant", "user", "assistant"], roles);
    }

    private static CreateResponseOptions Turn(string text, string conversationId) =>
        new(Api.Model, [ResponseItem.CreateUserMessageItem(text)])
        {
            MaxOutputTokenCount = 16,
            Temperature = 0,
            ConversationOptions = new ResponseConversationOptions(conversationId),
        };

    private static JsonObject Parse(ClientResult result) => JsonNode.Parse(result.GetRawResponse().Content.ToString())!.AsObject();
}
