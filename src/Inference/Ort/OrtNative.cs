using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntimeGenAI;

namespace Responses.Inference.Ort;

/// <summary>
/// The C API calls the C# wrapper of ORT GenAI 0.18 does not make: token ids into a batch's sequences (the wrapper
/// only makes them by tokenizing text, which would not reproduce a rendered prompt's ids), a generator's
/// next-token logits, read and replaced, and several images from buffers. The wrapper's handles are reached through its private fields.
/// </summary>
internal static unsafe partial class OrtNative
{
    private const string Library = OrtCalls.Library;

    /// <summary>Native sequences holding each row's ids; the wrapper takes ownership of the handle.</summary>
    public static Sequences CreateSequences(IReadOnlyList<int[]> rows)
    {
        OrtCalls.Check(OgaCreateSequences(out var handle));
        try
        {
            for (var i = 0; i < rows.Count; i++)
            {
                foreach (var token in rows[i])
                    OrtCalls.Check(OgaAppendTokenToSequence(token, handle, (nuint)i));
            }
        }
        catch
        {
            OgaDestroySequences(handle);
            throw;
        }
        return WrapSequences(handle);
    }

    /// <summary>Copies the generator's next-token logits ([batch, 1, vocabulary]) into <paramref name="buffer"/>, growing it when needed.</summary>
    /// <returns>The number of floats copied.</returns>
    public static int CopyLogits(Generator generator, ref float[] buffer)
    {
        OrtCalls.Check(OgaGenerator_GetLogits(GeneratorHandle(generator), out var tensor));
        try
        {
            OrtCalls.Check(OgaTensorGetShapeRank(tensor, out var rank));
            Span<long> shape = stackalloc long[(int)rank];
            fixed (long* dims = shape)
                OrtCalls.Check(OgaTensorGetShape(tensor, dims, rank));
            long count = 1;
            foreach (var dimension in shape)
                count *= dimension;
            if (buffer.Length < count)
                buffer = new float[count];
            OrtCalls.Check(OgaTensorGetData(tensor, out var data));
            new ReadOnlySpan<float>((void*)data, (int)count).CopyTo(buffer);
            return (int)count;
        }
        finally
        {
            OgaDestroyTensor(tensor);
        }
    }

    /// <summary>Replaces the logits the next step samples from; <paramref name="logits"/> has the shape <see cref="CopyLogits"/> gave.</summary>
    public static void SetLogits(Generator generator, ReadOnlySpan<float> logits, int batchSize)
    {
        fixed (float* data = logits)
        {
            long[] shape = [batchSize, 1, logits.Length / batchSize];
            OrtCalls.Check(OgaCreateTensorFromBuffer((IntPtr)data, shape, (nuint)shape.Length, ElementType.float32, out var tensor));
            try
            {
                OrtCalls.Check(OgaGenerator_SetLogits(GeneratorHandle(generator), tensor));
            }
            finally
            {
                OgaDestroyTensor(tensor);
            }
        }
    }

    /// <summary>
    /// Native images from encoded buffers, decoded by the processor; the wrapper loads only one buffer. The runtime
    /// copies the bytes, so they need stay pinned only for the call.
    /// </summary>
    public static Images LoadImages(IReadOnlyList<ChatImage> images)
    {
        var handles = new MemoryHandle[images.Count];
        var data = new IntPtr[images.Count];
        var sizes = new nuint[images.Count];
        try
        {
            for (var i = 0; i < images.Count; i++)
            {
                handles[i] = images[i].Bytes.Pin();
                data[i] = (IntPtr)handles[i].Pointer;
                sizes[i] = (nuint)images[i].Bytes.Length;
            }
            OrtCalls.Check(OgaLoadImagesFromBuffers(data, sizes, (nuint)images.Count, out var handle));
            return WrapImages(handle);
        }
        finally
        {
            foreach (var pinned in handles)
                pinned.Dispose();
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    private static extern Sequences WrapSequences(IntPtr handle);

    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    private static extern Images WrapImages(IntPtr handle);

    [LibraryImport(Library)]
    private static partial IntPtr OgaLoadImagesFromBuffers(IntPtr[] data, nuint[] sizes, nuint count, out IntPtr images);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_generatorHandle")]
    private static extern ref IntPtr GeneratorHandle(Generator generator);

    [LibraryImport(Library)]
    private static partial IntPtr OgaCreateSequences(out IntPtr sequences);

    [LibraryImport(Library)]
    private static partial IntPtr OgaAppendTokenToSequence(int token, IntPtr sequences, nuint sequenceIndex);

    [LibraryImport(Library)]
    private static partial void OgaDestroySequences(IntPtr sequences);

    [LibraryImport(Library)]
    private static partial IntPtr OgaGenerator_GetLogits(IntPtr generator, out IntPtr tensor);

    [LibraryImport(Library)]
    private static partial IntPtr OgaGenerator_SetLogits(IntPtr generator, IntPtr tensor);

    [LibraryImport(Library)]
    private static partial IntPtr OgaCreateTensorFromBuffer(IntPtr data, long[] shapeDims, nuint shapeDimsCount, ElementType elementType, out IntPtr tensor);

    [LibraryImport(Library)]
    private static partial IntPtr OgaTensorGetShapeRank(IntPtr tensor, out nuint rank);

    [LibraryImport(Library)]
    private static partial IntPtr OgaTensorGetShape(IntPtr tensor, long* shapeDims, nuint shapeDimsCount);

    [LibraryImport(Library)]
    private static partial IntPtr OgaTensorGetData(IntPtr tensor, out IntPtr data);

    [LibraryImport(Library)]
    private static partial void OgaDestroyTensor(IntPtr tensor);
}
