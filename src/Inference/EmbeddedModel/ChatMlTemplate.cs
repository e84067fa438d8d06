namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// ChatML template in the style of Qwen2.5's: tools are listed in the system turn inside
/// &lt;tools&gt; tags and calls are replayed as &lt;tool_call&gt; JSON, so tool-calling clients see the
/// same prompt format as with real Qwen-family models. Unlike Qwen there is no default system text,
/// because this model has no identity to announce. Thinking is Qwen3's: enable_thinking opens a &lt;think&gt;
/// block in the generation prompt (off unless a request asks, so a plain request renders as before), and an
/// assistant turn's reasoning_content is rendered as its &lt;think&gt; block only after the last user message, i.e.
/// within the turn the model is still working on (earlier turns' thinking would only spend context).
/// </summary>
internal static class ChatMlTemplate
{
    public const string Jinja =
        "{%- set ns = namespace(last_user=-1) %}" +
        "{%- for message in messages %}{%- if message.role == 'user' %}{%- set ns.last_user = loop.index0 %}{%- endif %}{%- endfor %}" +
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
            "{%- set think = '' %}" +
            "{%- if message.role == 'assistant' and message.reasoning_content is defined and message.reasoning_content and loop.index0 > ns.last_user %}" +
                "{%- set think = '<think>\\n' + message.reasoning_content + '\\n</think>' %}" +
            "{%- endif %}" +
            "{%- if (message.role == 'user') or (message.role == 'system' and not loop.first) %}" +
                "{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}" +
            "{%- elif message.role == 'assistant' and not message.tool_calls %}" +
                "{{- '<|im_start|>' + message.role + '\\n' }}{%- if think %}{{- think + '\\n\\n' }}{%- endif %}{{- message.content + '<|im_end|>\\n' }}" +
            "{%- elif message.role == 'assistant' %}" +
                "{{- '<|im_start|>' + message.role }}" +
                "{%- if think %}{{- '\\n' + think }}{%- endif %}" +
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
        "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}" +
            "{%- if enable_thinking is defined and enable_thinking %}{{- '<think>\\n' }}{%- endif %}" +
        "{%- endif %}";
}
