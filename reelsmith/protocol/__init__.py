"""What client and engine share about the protocol: constants, file references, the timeline's geometry and summary."""
