using Responses.Inference.Engine;
using Responses.Inference.Native;

namespace Responses.Tests.Unit.Inference;

/// <summary>Byte-level tokenizer of the gpt2 test model: emoji and CJK characters are split over several tokens.</summary>
public sealed class DetokenizerTests
{
    private const string Text = "a😀世界é";

    [ModelFact]
    public void Multi_byte_characters_split_across_tokens_come_out_whole()
    {
        using var model = TestModels.Native(TestModels.PathOf(TestModels.Gpt2));
        var tokenizer = model.Tokenizer;
        var ids = tokenizer.Encode(Text);
        Assert.True(ids.Length > 5, "the test needs characters split over tokens");

        using var detokenizer = new StreamingDetokenizer(tokenizer);
        var pieces = ids.Select(detokenizer.Push).Where(p => p.Length > 0).ToList();
        pieces.Add(detokenizer.Flush());

        Assert.Equal(Text, string.Concat(pieces));
        Assert.All(pieces, p => Assert.Equal(p, Utf8Tail.EnsureWellFormed(p)));
    }

    [ModelFact]
    public void A_character_cut_off_at_the_end_is_flushed_as_a_replacement_character()
    {
        using var model = TestModels.Native(TestModels.PathOf(TestModels.Gpt2));
        var tokenizer = model.Tokenizer;
        var ids = tokenizer.Encode(Text);
        var cut = ids[..^1]; // drop the last byte of 'é'

        using var detokenizer = new StreamingDetokenizer(tokenizer);
        var streamed = string.Concat(cut.Select(detokenizer.Push));
        Assert.Equal("a😀世界", streamed); // the stream holds the lone lead byte back...
        Assert.Equal("\uFFFD", detokenizer.Flush()); // ...and the flush gives it up as U+FFFD
        Assert.Equal(string.Empty, detokenizer.Flush());
    }

    [ModelFact]
    public void Llama_sentencepiece_pieces_round_trip()
    {
        using var model = TestModels.Native(TestModels.PathOf(TestModels.Llama));
        var tokenizer = model.Tokenizer;
        var ids = tokenizer.Encode("Hi 😀 世界 ok");
        using var detokenizer = new StreamingDetokenizer(tokenizer);
        var text = string.Concat(ids.Select(detokenizer.Push)) + detokenizer.Flush();
        Assert.Equal(tokenizer.Decode(ids), text);
    }
}
