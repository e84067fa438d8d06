using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Responses.Inference.Ort;

/// <summary>
/// The one funnel every ORT GenAI failure passes through on its way out of the adapter: the wrapper's exception and
/// the C API's result handle both become <see cref="InferenceException"/>, sorted by what the caller can do about
/// it. Nothing above the adapter catches an ORT type.
/// </summary>
internal static partial class OrtCalls
{
    internal const string Library = "onnxruntime-genai";

    /// <summary>The engine's error, with its first line as the message (the rest is a native location trace).</summary>
    public static InferenceException Translate(OnnxRuntimeGenAIException exception) =>
        new(Classify(exception.Message), FirstLine(exception.Message), exception);

    /// <summary>Throws the C API's error when <paramref name="result"/> is not null (an OgaResult), freeing it.</summary>
    public static void Check(IntPtr result)
    {
        if (result == IntPtr.Zero)
            return;
        var message = Marshal.PtrToStringUTF8(OgaResultGetError(result)) ?? "unknown error";
        OgaDestroyResult(result);
        throw new InferenceException(Classify(message), FirstLine(message));
    }

    public static string FirstLine(string message) => message.Split('\n', 2)[0];

    /// <summary>
    /// Sorted by the words ONNX Runtime and ORT GenAI use: an allocation that failed is the machine's limit (retry
    /// later); an index or length outside the model's range is the request's (a token id beyond the vocabulary, a
    /// sequence beyond max_length); everything else is ours.
    /// </summary>
    internal static InferenceFailureKind Classify(string message)
    {
        if (Has(message, "bad_alloc") || Has(message, "Failed to allocate") || Has(message, "out of memory") || Has(message, "Failed to create memory"))
            return InferenceFailureKind.Capacity;
        if (Has(message, "out of bounds") || Has(message, "out of range") || Has(message, "exceeds max length") || Has(message, "indices element"))
            return InferenceFailureKind.InvalidInput;
        return InferenceFailureKind.Internal;
    }

    private static bool Has(string message, string words) => message.Contains(words, StringComparison.OrdinalIgnoreCase);

    [LibraryImport(Library)]
    private static partial IntPtr OgaResultGetError(IntPtr result);

    [LibraryImport(Library)]
    private static partial void OgaDestroyResult(IntPtr result);
}
