import AlivePipeline
print("alive")
