namespace Responses.Inference.Prompting;

/// <summary>ChatML, for models that ship no chat template: widely understood, and better than bare text.</summary>
internal static class FallbackChatTemplate
{
    public const string Jinja =
        "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
}
