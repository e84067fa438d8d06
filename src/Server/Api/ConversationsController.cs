using Microsoft.AspNetCore.Mvc;
using Responses.Generated;
using Responses.Server.Storage;

namespace Responses.Server.Api;

[ApiController]
public sealed class ConversationsController(Conversations conversations) : ConversationsControllerBase
{
    public override async Task<ActionResult<ConversationResource>> CreateConversation([FromBody] CreateConversationBody? body, CancellationToken cancellationToken = default) =>
        await conversations.CreateAsync(body, cancellationToken);

    public override async Task<ActionResult<ConversationResource>> GetConversation(string conversation_id, CancellationToken cancellationToken = default) =>
        await conversations.GetAsync(conversation_id, cancellationToken);

    public override async Task<ActionResult<ConversationResource>> UpdateConversation(string conversation_id, [FromBody] UpdateConversationBody body, CancellationToken cancellationToken = default) =>
        await conversations.UpdateAsync(conversation_id, body, cancellationToken);

    public override async Task<ActionResult<DeletedConversationResource>> DeleteConversation(string conversation_id, CancellationToken cancellationToken = default) =>
        await conversations.DeleteAsync(conversation_id, cancellationToken);

    public override async Task<ActionResult<ConversationItemList>> CreateConversationItems(
        string conversation_id, [FromQuery] IEnumerable<string>? include, [FromBody] CreateConversationItemsBody body, CancellationToken cancellationToken = default) =>
        await conversations.AddItemsAsync(conversation_id, body, cancellationToken);

    public override async Task<ActionResult<ConversationItemList>> ListConversationItems(
        string conversation_id,
        [FromQuery] int? limit,
        [FromQuery] ListOrder? order,
        [FromQuery] string? after,
        [FromQuery] IEnumerable<string>? include,
        CancellationToken cancellationToken = default) =>
        await conversations.ListItemsAsync(conversation_id, limit, order, after, cancellationToken);

    public override async Task<ActionResult<ItemResource>> GetConversationItem(
        string conversation_id, string item_id, [FromQuery] IEnumerable<string>? include, CancellationToken cancellationToken = default) =>
        await conversations.GetItemAsync(conversation_id, item_id, cancellationToken);

    public override async Task<ActionResult<ConversationResource>> DeleteConversationItem(string conversation_id, string item_id, CancellationToken cancellationToken = default) =>
        await conversations.DeleteItemAsync(conversation_id, item_id, cancellationToken);
}
