namespace Agentry.Api.Hosting;

/// <summary>
/// Where JSON log lines go (stdout in the service): callers append whole lines to a shared buffer and one writer
/// thread writes everything buffered in a single call, so a busy service makes one write per batch rather than
/// one per line, and lines never interleave. When <see cref="MaxBufferedBytes"/> are waiting the callers wait, as
/// the console logger's bounded queue makes them: a line is never dropped.
/// </summary>
internal sealed class JsonLinesOutput : IDisposable
{
    /// <summary>How much may wait for the writer before a caller blocks.</summary>
    public const int MaxBufferedBytes = 4 * 1024 * 1024;

    /// <summary>A buffer that grew beyond this for a burst is let go once written.</summary>
    private const int RetainedBufferBytes = 256 * 1024;

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly Stream _stream;
    private readonly object _lock = new();
    private readonly Thread _writer;
    private MemoryStream _pending = new(16 * 1024);
    private MemoryStream _writing = new(16 * 1024);
    private bool _writerDone;
    private bool _disposed;

    public JsonLinesOutput(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "Agentry log writer" };
        _writer.Start();
    }

    /// <summary>Lines handed over to the writer and not yet written (for tests and diagnostics).</summary>
    public long BufferedBytes
    {
        get
        {
            lock (_lock)
            {
                return _pending.Length;
            }
        }
    }

    /// <summary>Appends one complete line (its newline included).</summary>
    public void WriteLine(ReadOnlySpan<byte> line)
    {
        lock (_lock)
        {
            if (_writerDone)
            {
                // After shutdown there is no writer thread: the line goes out at once.
                _stream.Write(line);
                _stream.Flush();
                return;
            }

            while (_pending.Length > 0 && _pending.Length + line.Length > MaxBufferedBytes && !_disposed)
            {
                Monitor.Wait(_lock);
            }

            bool wasEmpty = _pending.Length == 0;
            _pending.Write(line);
            if (wasEmpty)
            {
                Monitor.PulseAll(_lock);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Monitor.PulseAll(_lock);
        }

        // The writer empties the buffer before it ends.
        _writer.Join(DrainTimeout);
    }

    private void WriteLoop()
    {
        while (true)
        {
            lock (_lock)
            {
                while (_pending.Length == 0 && !_disposed)
                {
                    Monitor.Wait(_lock);
                }

                if (_pending.Length == 0)
                {
                    _writerDone = true;
                    return;
                }

                // Callers waiting for room can go on: the buffer they write to is empty now.
                (_pending, _writing) = (_writing, _pending);
                Monitor.PulseAll(_lock);
            }

            try
            {
                _stream.Write(_writing.GetBuffer(), 0, (int)_writing.Length);
                _stream.Flush();
            }
#pragma warning disable CA1031 // stdout gone (a closed pipe): the lines cannot be written anywhere; the service goes on.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            if (_writing.Capacity > RetainedBufferBytes)
            {
                _writing = new MemoryStream(16 * 1024);
            }
            else
            {
                _writing.SetLength(0);
            }
        }
    }
}
