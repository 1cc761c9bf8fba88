using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PostPurchase.Fault.Tests;

/// <summary>One server process (the real binary) on its own loopback port; killed with SIGKILL and started again.</summary>
public sealed class ServerReplica(int index, string serverDll, IReadOnlyDictionary<string, string> environment, string logDirectory) : IAsyncDisposable
{
    private Process? _process;
    private int _starts;

    public int Index { get; } = index;
    public int Port { get; } = FreePort();
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public bool IsRunning => _process is { HasExited: false };

    public void Start()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(serverDll);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        info.Environment["Urls"] = BaseUrl;
        info.Environment["Worker__WorkerId"] = $"replica-{Index}-{++_starts}";
        var log = new StreamWriter(Path.Combine(logDirectory, $"replica-{Index}-{_starts}.log")) { AutoFlush = true };
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Waits until <c>/health</c> answers 200 (or the process died).</summary>
    public async Task WaitHealthyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process is { HasExited: true }) throw new InvalidOperationException($"replica {Index} exited with {_process.ExitCode}; see its log");
            try
            {
                if ((await http.GetAsync(BaseUrl + "/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"replica {Index} did not become healthy within {timeout}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly like a crashed machine.</summary>
    public void Kill()
    {
        if (_process is not { HasExited: false } process) return;
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
