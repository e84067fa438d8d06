using Responses.Generated;
using Responses.Inference;
using Responses.Server.Runs.Responses;

using Responses.Tests.Support;

namespace Responses.Tests.Unit.Server;

/// <summary>The Response object echoes the request, or OpenAI's default for every field the request left out.</summary>
public sealed class ResponseObjectFactoryTests
{
    [Fact]
    public void Defaults_when_the_request_leaves_fields_out()
    {
        var response = ResponseObjectFactory.InProgress(Runs.For());

        Assert.Equal(Runs.ResponseId, response.Id);
        Assert.Equal(ResponseObject.Response, response.Object);
        Assert.Equal(ResponseStatus.InProgress, response.Status);
        Assert.Equal("m", response.Model);
        Assert.Null(response.Instructions);
        Assert.Empty(response.Output);
        Assert.True(response.ParallelToolCalls);
        Assert.NotNull(response.Metadata);
        Assert.Empty(response.Metadata);
        Assert.Empty(response.Tools);
        Assert.Equal(1.0, response.Temperature);
        Assert.Equal(1.0, response.TopP);
        Assert.Equal(0, response.TopLogprobs);
        Assert.Null(response.MaxOutputTokens);
        Assert.IsType<ResponseFormatText>(response.Text.Format);
        Assert.Equal(Truncation.Disabled, response.Truncation);
        Assert.Equal(true, response.Store);
        Assert.Equal(false, response.Background);
        Assert.Equal(ServiceTier.Default, response.ServiceTier);
        Assert.Equal(0, response.PresencePenalty);
        Assert.Equal(0, response.FrequencyPenalty);
    }

    [Fact]
    public void Reasoning_is_echoed_with_both_fields_as_Open_Responses_requires()
    {
        var request = Runs.Request();
        request.Reasoning = new Reasoning { Summary = ReasoningSummary.Auto };

        var response = ResponseObjectFactory.InProgress(Runs.For(request));
        var json = System.Text.Json.JsonSerializer.Serialize(response.Reasoning, TestJson.Options);

        Assert.Equal("""{"effort":null,"summary":"auto"}""", json);
        Assert.Null(ResponseObjectFactory.InProgress(Runs.For()).Reasoning);
    }

    [Fact]
    public void Echoes_what_the_request_set()
    {
        var request = Runs.Request();
        request.Instructions = "Be brief.";
        request.MaxOutputTokens = 64;
        request.Temperature = 0;
        request.TopP = 0.5;
        request.Metadata = new Dictionary<string, string> { ["k"] = "v" };
        request.Store = false;
        request.User = "u1";
        request.PromptCacheKey = "cache";
        request.ParallelToolCalls = false;
        request.Truncation = Truncation.Auto;
        request.PresencePenalty = 0.5;
        request.FrequencyPenalty = -1;

        var response = ResponseObjectFactory.InProgress(Runs.For(request));

        Assert.Equal("Be brief.", response.Instructions);
        Assert.Equal(64, response.MaxOutputTokens);
        Assert.Equal(0, response.Temperature);
        Assert.Equal(0.5, response.TopP);
        Assert.Equal("v", response.Metadata!["k"]);
        Assert.Equal(false, response.Store);
        Assert.Equal("u1", response.User);
        Assert.Equal("cache", response.PromptCacheKey);
        Assert.False(response.ParallelToolCalls);
        Assert.Equal(Truncation.Auto, response.Truncation);
        Assert.Equal(0.5, response.PresencePenalty);
        Assert.Equal(-1, response.FrequencyPenalty);
    }

    [Fact]
    public void Finished_stop_is_completed_with_usage_and_completion_time()
    {
        var response = ResponseObjectFactory.Finished(Runs.For(), [], FinishReason.Stop, new TokenUsage(10, 4), completedAt: 1234);

        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.Equal(1234, response.CompletedAt);
        Assert.Null(response.IncompleteDetails);
        Assert.Equal(14, response.Usage?.TotalTokens);
    }

    [Fact]
    public void Finished_length_is_incomplete_for_max_output_tokens()
    {
        var response = ResponseObjectFactory.Finished(Runs.For(), [], FinishReason.Length, new TokenUsage(10, 16), completedAt: 1234);

        Assert.Equal(ResponseStatus.Incomplete, response.Status);
        Assert.Null(response.CompletedAt);
        Assert.Equal(ResponseIncompleteDetailsReason.MaxOutputTokens, response.IncompleteDetails?.Reason);
        Assert.Equal(16, response.Usage?.OutputTokens);
    }

    [Fact]
    public void Failed_carries_the_error()
    {
        var response = ResponseObjectFactory.Failed(Runs.For(), [], "server_error", "broke");

        Assert.Equal(ResponseStatus.Failed, response.Status);
        Assert.Equal("server_error", response.Error?.Code);
        Assert.Equal("broke", response.Error?.Message);
        Assert.Null(response.Usage);
    }
}
