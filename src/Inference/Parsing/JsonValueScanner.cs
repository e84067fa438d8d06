namespace Responses.Inference.Parsing;

/// <summary>
/// Follows the nesting of JSON text one char at a time (brackets outside strings), so a parser knows where an object
/// or array that arrives in pieces ends without parsing it before it is whole. It does not validate: the complete
/// text is parsed afterwards, and a value that never closes is still open at the end.
/// </summary>
internal struct JsonValueScanner
{
    private bool inString;
    private bool escaped;

    /// <summary>Open objects and arrays.</summary>
    public int Depth { get; private set; }

    public void Step(char c)
    {
        if (inString)
        {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            return;
        }
        switch (c)
        {
            case '"':
                inString = true;
                break;
            case '{' or '[':
                Depth++;
                break;
            case '}' or ']':
                Depth--;
                break;
        }
    }

    public void Reset() => this = default;
}
