namespace Responses.Generated;

public partial class Response
{
    /// <summary>
    /// OpenAI always returns tool_choice and text; default them ("auto", {format: {type: "text"}}) so they are
    /// never serialized as null.
    /// </summary>
    public Response()
    {
        ToolChoice = ToolChoiceParam.Auto;
        Text = new ResponseTextParam { Format = new ResponseFormatText() };
    }
}
