// Placeholder until the SDK build lands (issue 3).
export default [];
