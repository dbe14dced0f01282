// Every test here builds, starts or stops containers on one podman; one at a time, on a two-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Containers, podman and Unix file modes: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
