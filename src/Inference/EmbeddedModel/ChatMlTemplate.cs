namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// ChatML template in the style of Qwen2.5's: tools are listed in the system turn inside
/// &lt;tools&gt; tags and calls are replayed as &lt;tool_call&gt; JSON, so tool-calling clients see the
/// same prompt format as with real Qwen-family models. Unlike Qwen there is no default system text,
/// because this model has no identity to announce.
/// </summary>
internal static class ChatMlTemplate
{
    public const string Jinja =
        "{%- if tools %}" +
            "{{- '<|im_start|>system\\n' }}" +
            "{%- if messages[0]['role'] == 'system' %}{{- messages[0]['content'] + '\\n\\n' }}{%- endif %}" +
            "{{- '# Tools\\n\\nYou may call one or more functions to assist with the user query.\\n\\nYou are provided with function signatures within <tools></tools> XML tags:\\n<tools>' }}" +
            "{%- for tool in tools %}{{- '\\n' }}{{- tool | tojson }}{%- endfor %}" +
            "{{- '\\n</tools>\\n\\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\\n<tool_call>\\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\\n</tool_call><|im_end|>\\n' }}" +
        "{%- elif messages[0]['role'] == 'system' %}" +
            "{{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}" +
        "{%- endif %}" +
        "{%- for message in messages %}" +
            "{%- if (message.role == 'user') or (message.role == 'system' and not loop.first) or (message.role == 'assistant' and not message.tool_calls) %}" +
                "{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}" +
            "{%- elif message.role == 'assistant' %}" +
                "{{- '<|im_start|>' + message.role }}" +
                "{%- if message.content %}{{- '\\n' + message.content }}{%- endif %}" +
                "{%- for tool_call in message.tool_calls %}" +
                    "{%- if tool_call.function is defined %}{%- set tool_call = tool_call.function %}{%- endif %}" +
                    "{{- '\\n<tool_call>\\n{\"name\": \"' }}{{- tool_call.name }}{{- '\", \"arguments\": ' }}" +
                    // OpenAI clients send arguments as a JSON string; re-encoding it would double-quote it.
                    "{%- if tool_call.arguments is string %}{{- tool_call.arguments }}{%- else %}{{- tool_call.arguments | tojson }}{%- endif %}" +
                    "{{- '}\\n</tool_call>' }}" +
                "{%- endfor %}" +
                "{{- '<|im_end|>\\n' }}" +
            "{%- elif message.role == 'tool' %}" +
                "{%- if loop.first or (messages[loop.index0 - 1].role != 'tool') %}{{- '<|im_start|>user' }}{%- endif %}" +
                "{{- '\\n<tool_response>\\n' + message.content + '\\n</tool_response>' }}" +
                "{%- if loop.last or (messages[loop.index0 + 1].role != 'tool') %}{{- '<|im_end|>\\n' }}{%- endif %}" +
            "{%- endif %}" +
        "{%- endfor %}" +
        "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}";
}
