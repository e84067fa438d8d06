using Responses.Inference;

namespace Responses.Server.Runs.Images;

/// <summary>
/// Images given to a model that reads none: each becomes a short text in its place, so a session that once held an
/// image (an agent replays its whole history every turn) goes on, and the model knows something was there.
/// </summary>
public static class TextModelImages
{
    public const string Placeholder = "[image omitted: this model does not accept images]";

    /// <summary>The prompt with every image replaced by <see cref="Placeholder"/>, and how many were.</summary>
    public static (ChatPrompt Prompt, int Omitted) Omit(ChatPrompt prompt)
    {
        var omitted = 0;
        List<ChatMessage>? messages = null;
        for (var i = 0; i < prompt.Messages.Count; i++)
        {
            var message = prompt.Messages[i];
            if (message.Images.Count == 0)
            {
                messages?.Add(message);
                continue;
            }

            messages ??= [.. prompt.Messages.Take(i)];
            omitted += message.Images.Count;
            messages.Add(message with { Content = Replace(message.Content, Placeholder), Images = [] });
        }

        return messages is null ? (prompt, 0) : (prompt with { Messages = messages }, omitted);
    }

    /// <summary>A turn's text with each image's marker replaced (a system message, where no image is given).</summary>
    public static string Replace(string content, string text) => content.Replace(ImageInputs.Marker, text, StringComparison.Ordinal);
}
